/// Why `HTTPClient.execute` gave no response. A 4xx/5xx answer is a response, never this error.
///
/// The kind is read through the `is...` properties; `description` is a one-line English message
/// naming the method and the URL without its query string or user info, so it can be logged as is:
/// no constructor here ever receives header values, and `safeTarget` strips the secret-bearing parts.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        /// The connection could not be opened (refused, unreachable, name unknown, connect timeout):
        /// nothing was sent, so even a POST may be retried.
        case connect
        /// The whole-request `timeout` passed; the request may have been processed by the server.
        case timeout
        /// The server closed (or reset) the connection before the response was complete.
        case connectionClosed
        /// The answer was not valid HTTP/1.x (status line, framing, chunk sizes ...).
        case malformedResponse
        /// The head exceeded 64 KiB or the body exceeded `maxResponseBytes`.
        case tooLarge
        /// Not an absolute http(s) URL with a host.
        case invalidURL
        /// The request itself cannot be sent (e.g. CR/LF in a header field, or the client was shut down).
        case invalidRequest
        /// The calling task was cancelled, or the client was shut down while the request ran.
        case cancelled
        /// The request's `sendBy` instant passed before its first byte was written: nothing was sent.
        case sendWindowMissed
    }

    private let code: Code
    /// Human-readable detail, free of query strings and header values.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func connect(_ message: String) -> HTTPClientError { .init(.connect, message) }
    public static func timeout(_ message: String) -> HTTPClientError { .init(.timeout, message) }
    public static func connectionClosed(_ message: String) -> HTTPClientError { .init(.connectionClosed, message) }
    public static func malformedResponse(_ message: String) -> HTTPClientError { .init(.malformedResponse, message) }
    public static func tooLarge(_ message: String) -> HTTPClientError { .init(.tooLarge, message) }
    public static func invalidURL(_ message: String) -> HTTPClientError { .init(.invalidURL, message) }
    public static func invalidRequest(_ message: String) -> HTTPClientError { .init(.invalidRequest, message) }
    public static func cancelled(_ message: String = "request cancelled") -> HTTPClientError { .init(.cancelled, message) }
    public static let sendWindowMissed = HTTPClientError(.sendWindowMissed, "not sent: its send window had closed")

    public var isConnectFailure: Bool { code == .connect }
    public var isTimeout: Bool { code == .timeout }
    public var isConnectionClosed: Bool { code == .connectionClosed }
    public var isMalformedResponse: Bool { code == .malformedResponse }
    public var isTooLarge: Bool { code == .tooLarge }
    public var isInvalidURL: Bool { code == .invalidURL }
    public var isInvalidRequest: Bool { code == .invalidRequest }
    public var isCancelled: Bool { code == .cancelled }
    public var isSendWindowMissed: Bool { code == .sendWindowMissed }

    /// A stable lowercase name of the kind, e.g. for metrics labels: "connect", "timeout" ...
    public var kind: String {
        switch code {
        case .connect: "connect"
        case .timeout: "timeout"
        case .connectionClosed: "connection_closed"
        case .malformedResponse: "malformed_response"
        case .tooLarge: "too_large"
        case .invalidURL: "invalid_url"
        case .invalidRequest: "invalid_request"
        case .cancelled: "cancelled"
        case .sendWindowMissed: "send_window_missed"
        }
    }

    public var description: String { "HTTPClientError.\(kind): \(message)" }

    /// The same error with "METHOD target: " put in front of the message.
    func about(_ method: String, _ target: String) -> HTTPClientError {
        .init(code, "\(method) \(target): \(message)")
    }
}
