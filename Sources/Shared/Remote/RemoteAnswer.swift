/// A remote API's raw answer: exactly what the HTTP client returns (status, headers, body).
public typealias RemoteAnswer = HTTPClientResponse

/// A failure to get any answer: connection refused or reset, timeout, TLS. Always transient.
public struct RemoteTransportError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
