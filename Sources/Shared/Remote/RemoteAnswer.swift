/// A remote API's raw answer: exactly what the HTTP client returns (status, headers, body).
public typealias RemoteAnswer = HTTPClientResponse

/// A failure to get any answer: connection refused or reset, timeout, TLS. Always transient.
public struct RemoteTransportError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// Nothing was sent: the request's send window (`sendBy`) closed before its first byte went out.
    public let missedSendWindow: Bool
    public init(_ message: String, missedSendWindow: Bool = false) {
        self.message = message
        self.missedSendWindow = missedSendWindow
    }
    public var description: String { message }
}
