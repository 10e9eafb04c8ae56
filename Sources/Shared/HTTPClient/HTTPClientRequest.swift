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
    /// When set, the request is not written after this instant: it fails with `sendWindowMissed` instead, having
    /// sent nothing. For rate-limited calls: checked right before the first byte goes out, so a request that
    /// waited too long for a thread or a connection (a loaded machine) cannot land too close to the next one.
    public var sendBy: ContinuousClock.Instant?

    public init(method: String = "GET", url: URL, headers: [(String, String)] = [], body: [UInt8] = [],
                timeout: Duration = .seconds(30), sendBy: ContinuousClock.Instant? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.sendBy = sendBy
    }

    /// Whether the request's send window (if any) has closed.
    var missedSendWindow: Bool { sendBy.map { ContinuousClock.now > $0 } ?? false }

    /// Methods that may be sent again after a stale keep-alive connection failed (RFC 9110 §9.2.2).
    var isIdempotent: Bool {
        switch method {
        case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE": return true
        default: return false
        }
    }
}
