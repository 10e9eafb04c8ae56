import Foundation

/// A small JSON-Schema (OpenAPI 3.0 dialect) validator: type, required, properties, items, enum, $ref,
/// allOf/oneOf/anyOf, nullable, and numeric minimum/maximum. `format`, string lengths and unknown keywords
/// are ignored. Two spec quirks are handled here (PF §1.1): enum entries written as `"4003 // Contact
/// phone"` match the number 4003, and `maximum` on a string is ignored. Validation never throws; it returns
/// the first problems found (path + message). A `$ref` cycle is cut at a depth limit.
public struct SchemaViolation: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var isMissingRequired: Bool
    public var description: String { "\(path.isEmpty ? "body" : path): \(message)" }
}

public struct SchemaValidator: Sendable {
    /// The whole spec document, for resolving `#/components/...` references.
    public let document: JSONValue

    public init(document: JSONValue) { self.document = document }

    public func validate(_ value: JSONValue, against schema: JSONValue) -> [SchemaViolation] {
        var out: [SchemaViolation] = []
        check(value, schema, path: "", depth: 0, into: &out)
        return out
    }

    func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node = document
        for part in ref.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = node[key] else { return nil }
            node = next
        }
        return node
    }

    private func check(_ v: JSONValue, _ schema: JSONValue, path: String, depth: Int, into out: inout [SchemaViolation]) {
        guard depth < 64, out.count < 20, case .object(let s) = schema else { return }
        if let ref = s["$ref"]?.stringValue {
            guard let target = resolve(ref) else { return }
            check(v, target, path: path, depth: depth + 1, into: &out)
            return
        }
        if v.isNull {
            if s["nullable"]?.boolValue == true || s["type"] == nil { return }
            out.append(.init(path: path, message: "must not be null", isMissingRequired: false))
            return
        }
        if let all = s["allOf"]?.arrayValue {
            for sub in all { check(v, sub, path: path, depth: depth + 1, into: &out) }
        }
        if let any = s["anyOf"]?.arrayValue, !any.isEmpty {
            let ok = any.contains { sub in
                var tmp: [SchemaViolation] = []
                check(v, sub, path: path, depth: depth + 1, into: &tmp)
                return tmp.isEmpty
            }
            if !ok { out.append(.init(path: path, message: "matches none of the allowed shapes", isMissingRequired: false)) }
        }
        if let one = s["oneOf"]?.arrayValue, !one.isEmpty {
            let matches = one.filter { sub in
                var tmp: [SchemaViolation] = []
                check(v, sub, path: path, depth: depth + 1, into: &tmp)
                return tmp.isEmpty
            }.count
            if matches != 1 {
                out.append(.init(path: path, message: "must match exactly one allowed shape (matches \(matches))", isMissingRequired: false))
            }
        }
        if let type = s["type"]?.stringValue, !Self.hasType(v, type) {
            out.append(.init(path: path, message: "must be \(type), got \(v.typeName)", isMissingRequired: false))
            return
        }
        if let options = s["enum"]?.arrayValue, !options.contains(where: { Self.enumMatches(v, $0) }) {
            let shown = options.prefix(8).map { $0.encodedString }.joined(separator: ", ")
            out.append(.init(path: path, message: "must be one of [\(shown)\(options.count > 8 ? ", ..." : "")]", isMissingRequired: false))
        }
        if let d = v.doubleValue {
            if let min = s["minimum"]?.doubleValue, d < min {
                out.append(.init(path: path, message: "must be >= \(JSONValue.double(min).encodedString)", isMissingRequired: false))
            }
            if let max = s["maximum"]?.doubleValue, d > max {
                out.append(.init(path: path, message: "must be <= \(JSONValue.double(max).encodedString)", isMissingRequired: false))
            }
        }
        if case .object(let o) = v {
            for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where o[name] == nil {
                out.append(.init(path: Self.join(path, name), message: "is required", isMissingRequired: true))
            }
            if let props = s["properties"]?.objectValue {
                for key in o.keys.sorted() {
                    if let sub = props[key] { check(o[key]!, sub, path: Self.join(path, key), depth: depth + 1, into: &out) }
                }
            }
        }
        if case .array(let a) = v, let items = s["items"] {
            for (i, e) in a.enumerated() { check(e, items, path: "\(path)[\(i)]", depth: depth + 1, into: &out) }
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func hasType(_ v: JSONValue, _ type: String) -> Bool {
        switch type {
        case "object": return v.objectValue != nil
        case "array": return v.arrayValue != nil
        case "string": return v.stringValue != nil
        case "boolean": return v.boolValue != nil
        case "integer": return v.intValue != nil
        case "number": return v.isNumber
        default: return true
        }
    }

    /// Equality, plus the spec's `"4003 // Contact phone"` convention for numeric enums.
    static func enumMatches(_ v: JSONValue, _ option: JSONValue) -> Bool {
        if v == option { return true }
        if let a = v.doubleValue, let b = option.doubleValue { return a == b }
        if let text = option.stringValue, let n = v.intValue,
           let head = text.split(separator: "/", maxSplits: 1).first,
           let code = Int64(head.trimmingCharacters(in: .whitespaces)) {
            return code == n
        }
        return false
    }
}
