import Foundation

/// One HTTP request for `HTTPClient.execute`: method, absolute URL, header fields, whole body.
///
/// Plain data; nothing is validated until `execute`, which throws `HTTPClientError` for a URL that
/// is not absolute http(s) (`invalidURL`) or for header fields that could split the request
/// (CR, LF or NUL in a name or value: `invalidRequest`). The client frames the message itself:
/// `Content-Length`, `Transfer-Encoding` and `Connection` fields given here are not sent.
public struct HTTPClientRequest: Sendable {
    /// Method token, e.g. "GET", "POST" (case-sensitive, sent as given).
    public var method: String
    /// Absolute `http://` or `https://` URL; the fragment is never sent.
    public var url: URL
    /// Extra header fields in sending order. A `Host` field here replaces the one derived from `url`.
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Limit for the whole request: waiting for a pooled connection, connecting, sending, receiving.
    public var timeout: Duration

    public init(method: String = "GET", url: URL, headers: [(String, String)] = [], body: [UInt8] = [],
                timeout: Duration = .seconds(30)) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// Methods that may be sent again after a stale keep-alive connection failed (RFC 9110 §9.2.2).
    var isIdempotent: Bool {
        switch method {
        case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE": return true
        default: return false
        }
    }
}
