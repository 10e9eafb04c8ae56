import Foundation
import Glibc
import Synchronization

/// A small, hardened HTTP/1.1 server on Glibc sockets and epoll.
///
/// `start()` binds, then serves on one or two event-loop threads (one per core, at most two) that
/// share the listening socket; each request's handler runs in its own `Task`, so a slow handler
/// never blocks a loop. An optional `inline` handler runs first, on the loop thread, for the few hot routes
/// that can answer without awaiting (see `InlineHandler`). `start()` throws `HTTPServerError` (port taken, bad address, second call);
/// client misbehaviour never stops the server, it only closes that client's connection with a
/// 4xx/5xx answer (see `HTTPServerLimits`). Server-side problems are reported through `onError`.
/// `stop()` closes the listener and every connection (cancelling running handlers) and waits for
/// the loop threads to finish; it is idempotent, and a stopped server cannot be restarted.
public final class HTTPServer: Sendable {
    /// Runs on the event-loop thread before the async handler, so it must not block. Returning true means it took
    /// the request and will call `respond(_:)` on the responder exactly once, from any thread; false hands the
    /// request to the async handler as usual. Requests of one connection are still answered one at a time, in order.
    public typealias InlineHandler = @Sendable (HTTPRequest, HTTPResponder) -> Bool

    /// Event-loop threads: two loops use both cores of a small machine; more add contention.
    static let maxLoops = 2

    private enum Phase {
        case idle
        case running(listenFD: Int32, loops: [HTTPEventLoop], context: HTTPServerContext)
        case stopped
    }

    private let host: String
    private let requestedPort: Int
    private let limits: HTTPServerLimits
    private let onError: @Sendable (String) -> Void
    private let handler: @Sendable (HTTPRequest) async -> HTTPResponse
    private let inline: InlineHandler?
    private let phase = Mutex(Phase.idle)
    private let boundPort = Atomic<Int>(0)

    public init(host: String = "127.0.0.1", port: Int, limits: HTTPServerLimits = .init(),
                onError: @escaping @Sendable (String) -> Void = { _ in }, inline: InlineHandler? = nil,
                handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        self.host = host
        self.requestedPort = port
        self.limits = limits
        self.onError = onError
        self.handler = handler
        self.inline = inline
    }

    deinit { stop() }

    /// The bound port (the kernel's choice when created with port 0); 0 before `start()`.
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// Open client connections (not counting refusals), for tests.
    var activeConnections: Int {
        phase.withLock { phase in
            guard case let .running(_, _, context) = phase else { return 0 }
            return context.activeConnections.load(ordering: .relaxed)
        }
    }

    /// Binds and listens, starts the event loops and returns. Throws `HTTPServerError`.
    public func start() throws {
        try phase.withLock { phase in
            guard case .idle = phase else { throw HTTPServerError.alreadyStarted }
            let (fd, port) = try HTTPSocket.listen(host: host, port: requestedPort)
            let context = HTTPServerContext(limits: limits, listenFD: fd, inline: inline, handler: handler, onError: onError)
            var loops: [HTTPEventLoop] = []
            do {
                let count = max(1, min(Self.maxLoops, ProcessInfo.processInfo.activeProcessorCount))
                for _ in 0..<count { loops.append(try HTTPEventLoop(context: context)) }
            } catch {
                loops.removeAll()
                close(fd)
                throw error
            }
            for (index, loop) in loops.enumerated() {
                NamedThread.start("http-loop-\(index)") { loop.run() }
            }
            boundPort.store(port, ordering: .releasing)
            phase = .running(listenFD: fd, loops: loops, context: context)
        }
    }

    /// Stops accepting, closes every connection, and returns once the loop threads have finished.
    public func stop() {
        phase.withLock { phase in
            guard case let .running(fd, loops, _) = phase else {
                if case .idle = phase { phase = .stopped }
                return
            }
            for loop in loops { loop.post(.stop) }
            for loop in loops { loop.finished.wait() }
            close(fd)
            phase = .stopped
        }
    }
}
