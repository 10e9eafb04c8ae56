/// The JSON form of filters: a condition `{"field":"site","op":"is_one_of","values":["a.ru"]}`, or a group
/// `{"all":[…]}` (AND) / `{"any":[…]}` (OR). Reading checks the fields the flow offers, operator arity,
/// empty groups and nesting depth, reporting each at its path.
extension RuleFilter {
    init?(reading node: SettingsNode, flow: RuleFlow, depth: Int) {
        guard depth <= Self.maxDepth else {
            node.issue("filter nesting deeper than \(Self.maxDepth) levels")
            return nil
        }
        guard case let .object(fields) = node.value else {
            node.issue("expected an object, got \(SettingsNode.kind(node.value))")
            return nil
        }
        for group in ["all", "any"] where fields[group] != nil {
            guard let o = node.object(keys: [group]) else { return nil }
            guard let items = o.required(group)?.array else { return nil }
            if items.isEmpty {
                o.sink.add(SettingsNode.join(node.path, group), "empty \(group == "all" ? "AND" : "OR") group")
                return nil
            }
            let children = items.map { RuleFilter(reading: $0, flow: flow, depth: depth + 1) }
            let parsed = children.compactMap { $0 }
            guard parsed.count == children.count else { return nil }
            self = group == "all" ? .all(parsed) : .any(parsed)
            return
        }
        guard let o = node.object(keys: ["field", "op", "values"]) else { return nil }
        let fieldName = o.required("field")?.string
        let op = o.required("op")?.oneOf(FilterOperator.self)
        let values = o.child("values")?.array?.compactMap(\.string) ?? []
        guard let fieldName else { return nil }
        guard let field = FilterField(rawValue: fieldName) else {
            node.issue("unknown field \"\(fieldName.prefix(60))\" (expected one of: \(FilterField.allowed(in: flow).map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        guard FilterField.allowed(in: flow).contains(field) else {
            node.issue("field \"\(fieldName)\" is not offered for \(flow.rawValue) (expected one of: \(FilterField.allowed(in: flow).map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        guard let op else { return nil }
        guard op.arity.contains(values.count) else {
            node.issue("operator \"\(op.rawValue)\" takes \(op.arity.lowerBound == op.arity.upperBound ? "\(op.arity.lowerBound)" : "\(op.arity.lowerBound) to \(op.arity.upperBound)") value(s), got \(values.count)")
            return nil
        }
        if values.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            node.issue("empty value (use \"is_empty\" to test for a missing value)")
            return nil
        }
        self = .condition(FilterCondition(field, op, values))
    }

    var json: JSONValue {
        switch self {
        case let .condition(c):
            var o: [String: JSONValue] = ["field": .string(c.field.rawValue), "op": .string(c.op.rawValue)]
            if !c.values.isEmpty { o["values"] = .array(c.values.map(JSONValue.string)) }
            return .object(o)
        case let .all(items): return .object(["all": .array(items.map(\.json))])
        case let .any(items): return .object(["any": .array(items.map(\.json))])
        }
    }
}
