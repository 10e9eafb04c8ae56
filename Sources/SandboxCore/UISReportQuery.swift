/// The common machinery of UIS `get.*` methods (UIS §2.1): `filter` (simple or nested trees),
/// `sort`, `limit`/`offset` paging with `total_items`, and `fields` selection with per-method default
/// fields. Unknown fields → `invalid_parameter_value`; filtering on an unknown field → `filter_prohibited`;
/// an unsupported operator → `invalid_parameter_value`. Throws `RPCError`, never crashes on odd input.
struct UISReportQuery {
    let defaultFields: [String]
    let knownFields: Set<String>

    func run(_ rows: [JSONValue], _ p: UISParams) throws(RPCError) -> (data: JSONValue, total: Int) {
        let limit = Int(try p.int("limit", range: 0...10_000) ?? 1000)
        let offset = Int(try p.int("offset", range: 0...100_000) ?? 0)
        var fields = defaultFields
        if let requested = try p.strings("fields") {
            for f in requested where !knownFields.contains(f) { throw RPCError.invalid("fields", .string(f)) }
            fields = requested
        }
        var matching = rows
        if let filter = p.raw["filter"], !filter.isNull {
            guard filter.objectValue != nil else { throw RPCError.wrongType("filter", filter) }
            var kept: [JSONValue] = []
            for r in rows where try matches(r, filter, depth: 0) { kept.append(r) }
            matching = kept
        }
        if let sort = try p.array("sort") {
            for s in sort.reversed() {
                guard let field = s["field"]?.stringValue else { throw RPCError.invalid("sort", s) }
                guard knownFields.contains(field) else { throw RPCError(-32602, "sort_prohibited", field: "sort", value: .string(field)) }
                let desc = s["order"]?.stringValue == "desc"
                matching = matching.enumerated().sorted { a, b in
                    let c = Self.compare(a.element[field] ?? .null, b.element[field] ?? .null)
                    if c == 0 { return a.offset < b.offset }
                    return desc ? c > 0 : c < 0
                }.map(\.element)
            }
        }
        let total = matching.count
        let page = offset < total ? Array(matching[offset..<min(total, offset + limit)]) : []
        let data = JSONValue.array(page.map { row in
            var o: [String: JSONValue] = [:]
            for f in fields { o[f] = row[f] ?? .null }
            return .object(o)
        })
        return (data, total)
    }

    func matches(_ row: JSONValue, _ filter: JSONValue, depth: Int) throws(RPCError) -> Bool {
        guard depth < 16 else { throw RPCError.invalid("filter", nil) }
        if let subs = filter["filters"]?.arrayValue {
            let cond = filter["condition"]?.stringValue ?? "and"
            guard cond == "and" || cond == "or" else { throw RPCError.invalid("filter.condition", filter["condition"]) }
            var results: [Bool] = []
            for s in subs { results.append(try matches(row, s, depth: depth + 1)) }
            return cond == "and" ? results.allSatisfy { $0 } : results.contains(true)
        }
        guard let field = filter["field"]?.stringValue else { throw RPCError.missing("filter.field") }
        guard knownFields.contains(field) else { throw RPCError(-32602, "filter_prohibited", field: "filter.field", value: .string(field)) }
        guard let op = filter["operator"]?.stringValue else { throw RPCError.missing("filter.operator") }
        let have = row[field] ?? .null
        let want = filter["value"] ?? .null
        switch op {
        case "=": return Self.compare(have, want) == 0 && !have.isNull
        case "!=": return Self.compare(have, want) != 0
        case "<": return !have.isNull && Self.compare(have, want) < 0
        case ">": return !have.isNull && Self.compare(have, want) > 0
        case "<=": return !have.isNull && Self.compare(have, want) <= 0
        case ">=": return !have.isNull && Self.compare(have, want) >= 0
        case "in", "not_in":
            guard let list = want.arrayValue else { throw RPCError.wrongType("filter.value", want) }
            let found = list.contains { Self.compare(have, $0) == 0 }
            return op == "in" ? found : !found
        case "like", "ilike", "not_like", "not_ilike":
            guard let pattern = want.stringValue else { throw RPCError.wrongType("filter.value", want) }
            let ci = op.contains("ilike")
            let hit = Self.like(have.looseString ?? "", pattern, caseInsensitive: ci)
            return op.hasPrefix("not_") ? !hit : hit
        case "is_null": return have.isNull
        case "is_not_null": return !have.isNull
        default: throw RPCError.invalid("filter.operator", .string(op))
        }
    }

    /// Orders numbers numerically, everything else by its text.
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x > y ? 1 : 0) }
        if a.isNull && b.isNull { return 0 }
        let x = a.looseString ?? a.encodedString, y = b.looseString ?? b.encodedString
        return x < y ? -1 : (x > y ? 1 : 0)
    }

    /// SQL LIKE with `%` (any run) and `_` (one character).
    static func like(_ text: String, _ pattern: String, caseInsensitive: Bool) -> Bool {
        let t = Array(caseInsensitive ? text.lowercased() : text), p = Array(caseInsensitive ? pattern.lowercased() : pattern)
        var memo = [Int: Bool]()
        func go(_ i: Int, _ j: Int) -> Bool {
            let key = i * (p.count + 1) + j
            if let m = memo[key] { return m }
            let r: Bool
            if j == p.count { r = i == t.count }
            else if p[j] == "%" { r = go(i, j + 1) || (i < t.count && go(i + 1, j)) }
            else { r = i < t.count && (p[j] == "_" || p[j] == t[i]) && go(i + 1, j + 1) }
            memo[key] = r
            return r
        }
        return go(0, 0)
    }
}
