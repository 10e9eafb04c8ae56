import Foundation

/// The flat variable bag of one notification (JSON body object or GET query), read tolerantly.
///
/// Why: UIS substitutes each `{{variable}}` with a quoted string, a bare number or `null`, and admins edit
/// templates by hand, so a number may arrive as a string and a string as a number. Every accessor accepts
/// both and treats `null`, blank text and wrong shapes as absent. How it fails: it does not; a value that
/// cannot be read as the asked type is nil (or an empty list), and only the parser decides what is required.
public struct UISNotificationFields: Sendable, Equatable {
    /// The variables in the order they came; a name that came twice is read from its last occurrence.
    /// (A list, not a dictionary: each of a notification's 20-40 variables is read about once, and a scan that
    /// compares lengths first is cheaper than building and hashing a dictionary for that.)
    private let members: [JSONMember]

    public init(_ values: [String: JSONValue]) { members = values.map { JSONMember(key: $0.key, value: $0.value) } }

    /// From an object's members in document order (`JSONScanner.parseMembers`): the last of a repeated name wins,
    /// as in a JSON object read into a dictionary.
    public init(members: [JSONMember]) { self.members = members }

    /// Every variable by name.
    public var values: [String: JSONValue] { Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }) }

    public static func == (a: UISNotificationFields, b: UISNotificationFields) -> Bool { a.values == b.values }

    private subscript(_ key: String) -> JSONValue? {
        let count = key.utf8.count
        for member in members.reversed() where member.key.utf8.count == count && member.key == key { return member.value }
        return nil
    }

    /// Whether the key is present with a non-null, non-blank value.
    public func has(_ key: String) -> Bool { text(key) != nil || !(list(key).isEmpty) }

    /// Text of a scalar: strings trimmed, integral numbers without a fraction, booleans as `true`/`false`.
    public func text(_ key: String) -> String? {
        guard let v = self[key] else { return nil }
        return Self.scalarText(v)
    }

    /// A whole number from a number or a numeric string (`12`, `"12"`, `"12.0"`); nil when absent or not integral.
    public func int(_ key: String) -> Int64? {
        guard let v = self[key] else { return nil }
        return Self.scalarInt(v)
    }

    /// A boolean from `true`/`false`, `1`/`0` or their string forms.
    public func bool(_ key: String) -> Bool? {
        switch self[key] {
        case let .bool(b)?: return b
        case let .number(n)? where n == 0 || n == 1: return n == 1
        case let .string(s)?:
            switch UISNotificationFields.trimmed(s).lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// A list from a JSON array of scalars, a comma-separated string (or a JSON array inside a string, as the
    /// GET variant may deliver it), or a single scalar. Blank items are dropped.
    public func list(_ key: String) -> [String] {
        switch self[key] {
        case let .array(items)?:
            return items.compactMap(Self.scalarText)
        case let .string(s)?:
            let t = UISNotificationFields.trimmed(s)
            if t.hasPrefix("["), t.hasSuffix("]"), t.utf8.count <= UISNotificationAssumptions.maxBodyBytes,
               case let .array(inner)? = JSONScanner.parse(Array(t.utf8), maxDepth: UISNotificationAssumptions.maxNestingDepth) {
                return inner.compactMap(Self.scalarText)
            }
            return t.split(separator: UISNotificationAssumptions.listSeparator)
                .map { UISNotificationFields.trimmed(String($0)) }.filter { !$0.isEmpty }
        case let v?:
            return Self.scalarText(v).map { [$0] } ?? []
        case nil:
            return []
        }
    }

    /// `list(key)` read as whole numbers; items that are not integers are dropped.
    public func intList(_ key: String) -> [Int64] {
        list(key).compactMap { Self.scalarInt(.string($0)) }
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)` without Foundation: that set is Unicode's White_Space
    /// property plus U+200B (checked scalar by scalar against Foundation), and bridging every value through
    /// `NSString` was a tenth of the ingest's CPU per event.
    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return s }
        if !isSpace(first), !isSpace(last) { return s }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[start...end])
    }

    private static func isSpace(_ u: Unicode.Scalar) -> Bool {
        if u.value < 0x80 { return u.value == 0x20 || (0x09...0x0D).contains(u.value) }
        return u.value == 0x200B || u.properties.isWhitespace
    }

    static func scalarText(_ v: JSONValue) -> String? {
        switch v {
        case let .string(s):
            let t = trimmed(s)
            return t.isEmpty ? nil : t
        case let .number(n):
            guard n.isFinite else { return nil }
            if n == n.rounded(), abs(n) < 9e15 { return String(Int64(n)) }
            return String(n)
        case let .bool(b): return b ? "true" : "false"
        default: return nil
        }
    }

    static func scalarInt(_ v: JSONValue) -> Int64? {
        switch v {
        case let .number(n):
            guard n.isFinite, n == n.rounded(), abs(n) < 9e15 else { return nil }
            return Int64(n)
        case let .string(s):
            let t = trimmed(s)
            if let i = Int64(t) { return i }
            guard t.count <= 32, let d = Double(t), t.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) })
            else { return nil }
            return scalarInt(.number(d))
        default: return nil
        }
    }
}
