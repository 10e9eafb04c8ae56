import Foundation

/// Sends one HTTP request to a remote API and returns its raw answer.
///
/// Why it exists: the API clients (Planfix, UIS) build requests and parse answers, but do not own sockets, so
/// the HTTP implementation can be swapped (the fleet's `HTTPClient` in production) and tests
/// can script answers. How it fails: when no answer arrives at all (connection refused or reset, timeout, TLS)
/// it throws — preferably `RemoteTransportError` — and `RemoteCallGuard` classifies that as transient. Any HTTP
/// status, including 4xx/5xx, is an answer, not an error. Implementations must not put request headers or
/// bodies (which carry tokens) into the errors they throw.
///
/// `sendBy`: when the request has not started going out by then, it must not be sent at all; the transport then
/// throws `RemoteTransportError` with `missedSendWindow` (the rate limiter's guard takes another slot).
public protocol RemoteTransport: Sendable {
    func send(method: String, url: URL, headers: [(String, String)], body: [UInt8], timeout: Duration,
              sendBy: ContinuousClock.Instant?) async throws -> RemoteAnswer
}
