import Foundation
import Synchronization

/// The HTTP client shared by all workers: `execute` sends one request and returns the whole
/// response. Safe to call from any number of tasks at once.
///
/// Two transports behind one API: `http://` goes to a built-in HTTP/1.1 transport (keep-alive pool
/// per host, one epoll thread, several times faster than URLSession on Linux), `https://` goes to
/// URLSession (FoundationNetworking is the only TLS available). Every failure is an
/// `HTTPClientError`; HTTP error statuses are responses. Cancelling the calling task fails the
/// request with `cancelled` promptly. The event-loop thread starts with the first plain request.
public final class HTTPClient: Sendable {
    /// Pool limits and timeouts. The defaults suit up to 32 concurrent jobs per process.
    public struct Configuration: Sendable {
        /// Connections per (host, port) at most; further requests wait in FIFO order.
        public var maxConnectionsPerHost = 64
        /// Time to open a TCP connection (name resolution included); plain HTTP only.
        public var connectTimeout: Duration = .seconds(5)
        /// A pooled connection unused this long is closed.
        public var idleTimeout: Duration = .seconds(30)
        /// A response body larger than this fails with `tooLarge`.
        public var maxResponseBytes = 16 * 1024 * 1024
        /// Sends `http://` requests through URLSession too: an escape hatch, and the benchmark's baseline.
        public var usesURLSessionForHTTP = false

        public init() {}
    }

    /// A process-wide client with the default configuration. Never shut it down.
    public static let shared = HTTPClient()

    public let configuration: Configuration
    private let loop = Mutex<HTTPClientEventLoop?>(nil)
    private let session = Mutex<URLSessionTransport?>(nil)
    private let isShutDown = Atomic<Bool>(false)

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    deinit { shutdown() }

    /// Sends `request` and returns the complete response, or throws `HTTPClientError`.
    public func execute(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let target = try HTTPClientTarget(request.url)
        if Task.isCancelled { throw HTTPClientError.cancelled().about(request.method, target.safeDescription) }
        guard !isShutDown.load(ordering: .relaxed) else {
            throw HTTPClientError.cancelled("HTTP client was shut down").about(request.method, target.safeDescription)
        }
        if target.isHTTPS || configuration.usesURLSessionForHTTP {
            guard let session = urlSession() else {
                throw HTTPClientError.cancelled("HTTP client was shut down").about(request.method, target.safeDescription)
            }
            return try await session.execute(request, target: target)
        }
        let job: HTTPClientJob
        let loop: HTTPClientEventLoop
        do {
            job = HTTPClientJob(request: request, target: target, encoded: try HTTPRequestEncoder.encode(request, target: target))
            loop = try eventLoop()
        } catch {
            throw error.about(request.method, target.safeDescription)
        }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                job.continuation = continuation
                if !loop.post(.submit(job)) { job.fail(.cancelled("HTTP client was shut down")) }
            }
        } onCancel: {
            loop.post(.cancel(job))
        }
    }

    /// Fails every request in flight with `cancelled`, closes all connections and stops the
    /// event-loop thread. Later calls to `execute` fail. Idempotent.
    public func shutdown() {
        isShutDown.store(true, ordering: .relaxed)
        loop.withLock { $0 }?.shutdown()
        session.withLock { $0 }?.invalidate()
    }

    /// The event loop, started on first use; its creation and `shutdown` are ordered by the lock.
    private func eventLoop() throws(HTTPClientError) -> HTTPClientEventLoop {
        try loop.withLock { (loop) throws(HTTPClientError) -> HTTPClientEventLoop in
            if let loop { return loop }
            if isShutDown.load(ordering: .relaxed) { throw .cancelled("HTTP client was shut down") }
            let created = try HTTPClientEventLoop(configuration: configuration)
            loop = created
            return created
        }
    }

    private func urlSession() -> URLSessionTransport? {
        session.withLock { session in
            if let session { return session }
            if isShutDown.load(ordering: .relaxed) { return nil }
            let created = URLSessionTransport(configuration: configuration)
            session = created
            return created
        }
    }
}
