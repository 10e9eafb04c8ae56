import Synchronization

/// What every event loop of one server shares: configuration, the handlers and the counters.
/// Immutable except for atomics, so it is safe to read from any thread.
final class HTTPServerContext: Sendable {
    /// Connections being answered 503 at once (beyond maxConnections): bounds the sockets spent
    /// on refusals; past it, extra connections are closed without an answer.
    static let maxRefusingConnections = 64
    /// How long a closing connection keeps reading (and discarding) after its final response, so
    /// unread request bytes do not make the kernel reset the connection before the client reads it.
    static let lingerNanoseconds: UInt64 = 2_000_000_000
    /// Pause after accept(2) ran out of file descriptors, so a level-triggered listener cannot spin.
    static let acceptPauseNanoseconds: UInt64 = 100_000_000

    let limits: HTTPServerLimits
    let readTimeout: UInt64
    let idleTimeout: UInt64
    let listenFD: Int32
    let handler: @Sendable (HTTPRequest) async -> HTTPResponse
    let inline: HTTPServer.InlineHandler?
    let onError: @Sendable (String) -> Void

    /// Open client connections counted against `maxConnections`.
    let activeConnections = Atomic<Int>(0)
    /// Connections currently being refused with 503.
    let refusingConnections = Atomic<Int>(0)

    init(limits: HTTPServerLimits, listenFD: Int32,
         inline: HTTPServer.InlineHandler?, handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse,
         onError: @escaping @Sendable (String) -> Void) {
        self.limits = limits
        self.readTimeout = limits.readTimeout.httpNanoseconds
        self.idleTimeout = limits.idleTimeout.httpNanoseconds
        self.listenFD = listenFD
        self.handler = handler
        self.inline = inline
        self.onError = onError
    }
}
