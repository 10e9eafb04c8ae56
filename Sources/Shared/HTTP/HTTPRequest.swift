/// One complete HTTP request as handed to a handler: head, decoded path and query, whole body.
///
/// The server builds it only after the request passed every check in `HTTPRequestParser`, so a
/// handler sees a well-framed request whose path is valid UTF-8 without NUL or ".." segments.
public struct HTTPRequest: Sendable {
    /// Method token as received, e.g. "GET", "POST" (case-sensitive, per RFC 9110).
    public var method: String
    /// Raw request-target as received, e.g. "/uis/abc?x=1".
    public var target: String
    /// Percent-decoded path without the query ("*" for `OPTIONS *`).
    public var path: String
    /// Query pairs, decoded form-style ('+' is a space), in order; repeated names are kept.
    public var query: [(name: String, value: String)]
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Peer address, e.g. "127.0.0.1:54321" or "[::1]:54321".
    public var remoteAddress: String
    /// Wall-clock epoch ms at which the server had read the whole request (0 when built by hand): the arrival
    /// time, before any wait for a handler to run on a busy machine.
    public var receivedAtMillis: Int64 = 0

    /// Builds a request the way the server would, deriving `path` and `query` from `target`
    /// (leniently: an undecodable path is kept raw). Handy for testing handlers without sockets.
    public init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(),
                body: [UInt8] = [], remoteAddress: String = "") {
        self.method = method
        self.target = target
        var raw = target
        (self.path, self.query) = raw.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            let (path, query) = HTTPTargetDecoding.split(bytes)
            return (HTTPTargetDecoding.decodePath(path) ?? String(decoding: path, as: UTF8.self),
                    HTTPTargetDecoding.parseQuery(query))
        }
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    init(method: String, target: String, path: String, query: [(name: String, value: String)],
         headers: HTTPHeaders, body: [UInt8]) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = ""
    }

    /// The first query value named `name` (exact, case-sensitive match).
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}
