/// A complete HTTP response as returned by `HTTPClient.execute`: final status, header fields in
/// arrival order (repeated names kept), and the whole decoded body (chunked framing removed).
///
/// Informational (1xx) answers are never returned; any status >= 200, including 4xx/5xx, is a
/// response, not an error: the caller decides what a status means.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header field `name`, compared ASCII case-insensitively.
    public func header(_ name: String) -> String? {
        for (key, value) in headers where HTTPClientResponse.namesEqual(key, name) { return value }
        return nil
    }

    static func namesEqual(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where HTTPBytes.lower(p) != HTTPBytes.lower(q) { return false }
        return true
    }
}
