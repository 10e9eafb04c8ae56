/// The keep-alive connections to one (host, port) and the requests waiting for one of them.
///
/// At most `maxConnectionsPerHost` connections exist (connecting, busy or idle). A request takes
/// the most recently used idle connection, else opens a new one while under the limit, else waits
/// in FIFO order. A connection is reused only after its response was read completely and the
/// server allowed it. A request that failed on a stale reused connection before any response byte
/// is sent once more on a fresh connection if its method is idempotent; otherwise the failure is
/// the caller's (a duplicate POST could create a duplicate CRM record). Loop-thread only.
final class HTTPConnectionPool {
    struct Key: Hashable {
        var host: String
        var port: Int
    }

    let key: Key
    unowned let loop: HTTPClientEventLoop
    private let limit: Int
    private var idle: [PlainHTTPConnection] = []
    private var waiters: [HTTPClientJob] = []
    private var waitersHead = 0
    private(set) var connectionCount = 0

    init(key: Key, loop: HTTPClientEventLoop) {
        self.key = key
        self.loop = loop
        self.limit = max(1, loop.configuration.maxConnectionsPerHost)
    }

    var isUnused: Bool { connectionCount == 0 && waitersHead == waiters.count }

    func submit(_ job: HTTPClientJob) {
        if let connection = idle.popLast() {
            connection.begin(job)
        } else if connectionCount < limit {
            open(for: job)
        } else {
            job.place = .queued
            waiters.append(job)
        }
    }

    private func open(for job: HTTPClientJob) {
        connectionCount += 1
        loop.makeConnection(pool: self, job: job).open()
    }

    private func nextWaiter() -> HTTPClientJob? {
        while waitersHead < waiters.count {
            let job = waiters[waitersHead]
            waitersHead += 1
            if waitersHead == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                waitersHead = 0
            }
            if !job.isFinished { return job } // timed-out or cancelled waiters stay until skipped here
        }
        return nil
    }

    private func serveWaiters() {
        while connectionCount < limit, let job = nextWaiter() { open(for: job) }
    }

    // MARK: Outcomes reported by connections

    func requestCompleted(_ connection: PlainHTTPConnection, _ job: HTTPClientJob,
                          _ response: HTTPClientResponse, reusable: Bool) {
        job.succeed(response)
        guard reusable else {
            discard(connection)
            return
        }
        reuse(connection)
    }

    /// `job` was not written (its send window closed): it fails, and the connection, untouched, serves the next.
    func notSent(_ connection: PlainHTTPConnection, _ job: HTTPClientJob) {
        job.fail(.sendWindowMissed)
        reuse(connection)
    }

    /// A free connection takes the next waiter, or waits idle for one.
    private func reuse(_ connection: PlainHTTPConnection) {
        if let next = nextWaiter() {
            connection.begin(next)
        } else {
            connection.becomeIdle()
            idle.append(connection)
            loop.noteDeadline(connection.idleDeadline)
        }
    }

    func requestFailed(_ connection: PlainHTTPConnection, _ job: HTTPClientJob, _ error: HTTPClientError,
                       retryable: Bool) {
        remove(connection)
        if retryable && job.isIdempotent && !job.retried {
            job.retried = true
            open(for: job) // the slot just freed: the retry goes first, on a fresh connection
        } else {
            job.fail(error)
        }
        serveWaiters()
    }

    func connectFailed(_ connection: PlainHTTPConnection, _ error: HTTPClientError) {
        connection.job?.fail(error)
        discard(connection)
    }

    /// Closes `connection` (idle or not; its request, if any, must already be finished) and lets
    /// the next waiter open a new one.
    func discard(_ connection: PlainHTTPConnection) {
        remove(connection)
        serveWaiters()
    }

    private func remove(_ connection: PlainHTTPConnection) {
        guard connection.phase != .closed else { return }
        if connection.phase == .idle, let index = idle.firstIndex(where: { $0 === connection }) {
            idle.remove(at: index)
        }
        connection.close()
        loop.forget(connection)
        connectionCount -= 1
    }

    // MARK: Deadlines and cancellation

    /// Fails `job` with `error` wherever it is; an active job's connection is discarded with it.
    func abort(_ job: HTTPClientJob, _ error: HTTPClientError) {
        switch job.place {
        case .new, .queued:
            job.fail(error)
        case .active(let connection):
            job.fail(error)
            discard(connection)
        case .finished:
            break
        }
    }

    /// Expires connections and waiting requests whose time is up; returns the next deadline.
    func sweep(now: UInt64, connections: [PlainHTTPConnection]) -> UInt64 {
        var next = UInt64.max
        for connection in connections where connection.pool === self {
            switch connection.phase {
            case .resolving, .connecting:
                if let job = connection.job, now >= job.deadline {
                    abort(job, .timeout("no connection within \(job.timeout)"))
                } else if now >= connection.connectDeadline {
                    connectFailed(connection, .connect("connect timed out after \(loop.configuration.connectTimeout)"))
                } else {
                    next = min(next, connection.connectDeadline, connection.job?.deadline ?? .max)
                }
            case .busy:
                guard let job = connection.job else { break }
                if now >= job.deadline { abort(job, .timeout("no complete response within \(job.timeout)")) } else { next = min(next, job.deadline) }
            case .idle:
                if now >= connection.idleDeadline { discard(connection) } else { next = min(next, connection.idleDeadline) }
            case .closed:
                break
            }
        }
        for index in waitersHead..<waiters.count where !waiters[index].isFinished {
            let job = waiters[index]
            if now >= job.deadline { job.fail(.timeout("no free connection within \(job.timeout)")) } else { next = min(next, job.deadline) }
        }
        return next
    }

    /// Fails everything (client shutdown) and closes every connection.
    func shutdown(connections: [PlainHTTPConnection]) {
        for connection in connections where connection.pool === self {
            connection.job?.fail(.cancelled("HTTP client was shut down"))
            remove(connection)
        }
        while let job = nextWaiter() { job.fail(.cancelled("HTTP client was shut down")) }
    }
}
