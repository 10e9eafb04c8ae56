import Foundation

/// Typed access to JSON-RPC `params` with UIS's validation errors (UIS §1.4): `required_parameter_missed`,
/// `data_type_error`, `invalid_parameter_value`, `unexpected_parameters`. Every accessor throws `RPCError`.
struct UISParams: Sendable {
    let raw: [String: JSONValue]
    let prefix: String

    init(_ raw: [String: JSONValue], prefix: String = "") { self.raw = raw; self.prefix = prefix }

    func name(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    func allowOnly(_ keys: Set<String>) throws(RPCError) {
        for k in raw.keys.sorted() where !keys.contains(k) {
            throw RPCError(-32602, "unexpected_parameters", field: name(k), value: raw[k])
        }
    }

    func string(_ key: String, required: Bool = false) throws(RPCError) -> String? {
        guard let v = raw[key], !v.isNull else { if required { throw .missing(name(key)) }; return nil }
        guard let s = v.stringValue else { throw .wrongType(name(key), v) }
        if required && s.isEmpty { throw .invalid(name(key), v) }
        return s
    }

    func int(_ key: String, required: Bool = false, range: ClosedRange<Int64>? = nil) throws(RPCError) -> Int64? {
        guard let v = raw[key], !v.isNull else { if required { throw .missing(name(key)) }; return nil }
        guard let i = v.intValue else { throw .wrongType(name(key), v) }
        if let range, !range.contains(i) { throw .invalid(name(key), v) }
        return i
    }

    func number(_ key: String) throws(RPCError) -> Double? {
        guard let v = raw[key], !v.isNull else { return nil }
        guard let d = v.doubleValue else { throw .wrongType(name(key), v) }
        return d
    }

    func bool(_ key: String) throws(RPCError) -> Bool? {
        guard let v = raw[key], !v.isNull else { return nil }
        guard let b = v.boolValue else { throw .wrongType(name(key), v) }
        return b
    }

    func array(_ key: String, required: Bool = false) throws(RPCError) -> [JSONValue]? {
        guard let v = raw[key], !v.isNull else { if required { throw .missing(name(key)) }; return nil }
        guard let a = v.arrayValue else { throw .wrongType(name(key), v) }
        return a
    }

    func strings(_ key: String) throws(RPCError) -> [String]? {
        guard let a = try array(key) else { return nil }
        var out: [String] = []
        for e in a { guard let s = e.looseString, e.stringValue != nil else { throw .wrongType(name(key), e) }; out.append(s) }
        return out
    }

    func object(_ key: String, required: Bool = false) throws(RPCError) -> UISParams? {
        guard let v = raw[key], !v.isNull else { if required { throw .missing(name(key)) }; return nil }
        guard let o = v.objectValue else { throw .wrongType(name(key), v) }
        return UISParams(o, prefix: name(key))
    }

    /// A "YYYY-MM-DD hh:mm:ss" date; `invalid_date_time` style errors are reported as `invalid_parameter_value`.
    func dateTime(_ key: String, required: Bool = false, mnemonic: String = "invalid_parameter_value") throws(RPCError) -> Date? {
        guard let s = try string(key, required: required) else { return nil }
        guard let d = UISDates.parse(s) else { throw RPCError(-32602, mnemonic, field: name(key), value: .string(s)) }
        return d
    }
}

/// UIS date strings, read and written in the account timezone (SandboxAssumptions.uisTimezoneOffsetSeconds).
enum UISDates {
    static func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: SandboxAssumptions.uisTimezoneOffsetSeconds)
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        f.isLenient = false
        return f
    }

    static func parse(_ s: String) -> Date? {
        guard s.count == 19 else { return nil }
        return formatter().date(from: s)
    }

    static func format(_ d: Date) -> String { formatter().string(from: d) }

    /// `till` is more than `months` calendar months after `from`.
    static func exceeds(_ from: Date, _ till: Date, months: Int) -> Bool {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(secondsFromGMT: SandboxAssumptions.uisTimezoneOffsetSeconds)!
        guard let limit = cal.date(byAdding: .month, value: months, to: from) else { return true }
        return till > limit
    }
}
