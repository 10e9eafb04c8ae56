import Shared

/// A Planfix REST answer before it becomes bytes: `{"result":"success",...}` or
/// `{"result":"fail","code":N,"error":"..."}` (PF §1.4) with its HTTP status. `ledgerCode` is what the
/// ledger records as the result code ("success" or the numeric code).
public struct PlanfixReply: Sendable, Error {
    public var status: Int
    public var body: JSONValue
    public var headers: [(String, String)] = []

    public static func success(_ fields: [String: JSONValue] = [:], status: Int = 200) -> PlanfixReply {
        var o = fields
        o["result"] = "success"
        return PlanfixReply(status: status, body: .object(o))
    }

    public static func fail(_ status: Int, code: Int, _ error: String) -> PlanfixReply {
        PlanfixReply(status: status, body: ["result": "fail", "code": JSONValue(code), "error": .string(error)])
    }

    public var ledgerCode: String {
        if let c = body["code"]?.intValue { return String(c) }
        return body["result"]?.stringValue ?? "-"
    }

    public var http: HTTPResponse {
        var r = HTTPResponse.json(body.encodedBytes, status: status)
        r.headers.append(contentsOf: headers)
        return r
    }
}

/// Parses Planfix ids given as `12`, `"12"` or `"contact:12"` / `"user:5"`.
enum PlanfixID {
    static func parse(_ raw: String, prefix: String? = nil) -> Int64? {
        var s = Substring(raw)
        if let colon = s.firstIndex(of: ":") {
            let kind = s[..<colon]
            if let prefix, kind != prefix { return nil }
            s = s[s.index(after: colon)...]
        }
        guard let v = Int64(s), v > 0 else { return nil }
        return v
    }

    static func parse(_ value: JSONValue?, prefix: String? = nil) -> Int64? {
        guard let value else { return nil }
        if let i = value.intValue { return i > 0 ? i : nil }
        return value.stringValue.flatMap { parse($0, prefix: prefix) }
    }

    /// The kind of a prefixed id ("user", "contact", "group"); nil for plain numbers.
    static func kind(_ value: JSONValue?) -> String? {
        guard let s = value?.stringValue, let colon = s.firstIndex(of: ":") else { return nil }
        return String(s[..<colon])
    }
}
