/// A JSON value being read into the settings tree, with its path. Every accessor reports type mismatches to
/// the shared sink and returns nil, so reading continues and the document reports EVERY problem at once.
struct SettingsNode {
    let value: JSONValue
    let path: String
    let sink: SettingsIssueSink

    func issue(_ message: String) { sink.add(path, message) }

    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    private func mismatch(_ expected: String) { issue("expected \(expected), got \(Self.kind(value))") }

    /// The object's fields, reporting each key not in `keys` as unknown.
    func object(keys: Set<String>) -> SettingsObject? {
        guard case let .object(fields) = value else { mismatch("an object"); return nil }
        for key in fields.keys.sorted() where !keys.contains(key) {
            sink.add(Self.join(path, key), "unknown key \"\(key)\"")
        }
        return SettingsObject(fields: fields, path: path, sink: sink)
    }

    var string: String? {
        guard case let .string(s) = value else { mismatch("a string"); return nil }
        return s
    }

    var bool: Bool? {
        guard case let .bool(b) = value else { mismatch("a boolean"); return nil }
        return b
    }

    /// An integer (JSON numbers without a fraction, within ±2^53).
    var int: Int? {
        guard case let .number(n) = value else { mismatch("an integer"); return nil }
        guard n.isFinite, n == n.rounded(), abs(n) <= 9_007_199_254_740_992 else { issue("expected an integer, got \(n)"); return nil }
        return Int(n)
    }

    /// A positive integer id (Planfix and UIS ids).
    var id: Int? {
        guard let n = int else { return nil }
        guard n > 0 else { issue("expected a positive id, got \(n)"); return nil }
        return n
    }

    var array: [SettingsNode]? {
        guard case let .array(items) = value else { mismatch("an array"); return nil }
        return items.enumerated().map { SettingsNode(value: $1, path: "\(path)[\($0)]", sink: sink) }
    }

    /// A string that must be one of `allowed` raw values.
    func oneOf<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> E? where E.RawValue == String {
        guard let s = string else { return nil }
        guard let e = E(rawValue: s) else {
            issue("unknown value \"\(s.prefix(60))\" (expected one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        return e
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// An object's fields with typed, reporting accessors. Absent keys and `null` read as "not set".
struct SettingsObject {
    let fields: [String: JSONValue]
    let path: String
    let sink: SettingsIssueSink

    /// The child node, or nil when absent or null.
    func child(_ key: String) -> SettingsNode? {
        guard let v = fields[key], v != .null else { return nil }
        return SettingsNode(value: v, path: SettingsNode.join(path, key), sink: sink)
    }

    /// The child node; reports a missing required key.
    func required(_ key: String) -> SettingsNode? {
        guard let node = child(key) else { sink.add(SettingsNode.join(path, key), "missing required key"); return nil }
        return node
    }

    func string(_ key: String) -> String? { child(key)?.string }
    func bool(_ key: String, default d: Bool) -> Bool { child(key)?.bool ?? d }
    func id(_ key: String) -> Int? { child(key)?.id }
    func oneOf<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        child(key)?.oneOf(type)
    }
}
