import Dispatch
import Foundation
import Glibc
import Synchronization

/// The plain-HTTP transport's single I/O thread: one epoll set over every pooled socket, an inbox
/// of commands from callers, and the deadlines of all requests and connections.
///
/// Callers never touch sockets: `post` appends a command under a mutex and wakes the thread through
/// an eventfd only when it sleeps, so under load requests are batched without extra syscalls. All
/// connection and pool state lives on this thread (no locks), and continuations are resumed from
/// it. Creation throws when epoll or the thread cannot be set up; `shutdown` fails every pending
/// request with `cancelled`, closes every socket and joins the thread.
final class HTTPClientEventLoop: @unchecked Sendable {
    enum Command: Sendable {
        case submit(HTTPClientJob)
        case cancel(HTTPClientJob)
        case resolved(token: UInt64, Result<HTTPClientSocket.Address, HTTPClientError>)
        case shutdown
    }

    private struct Inbox {
        var commands: [Command] = []
        var sleeping = false
        var closed = false
    }

    static let scratchBytes = 64 * 1024
    private static let EPOLL_CTL_MOD: Int32 = 3
    private static let wakeToken: UInt64 = 0

    let configuration: HTTPClient.Configuration
    /// Receive buffer shared by all connections (only one reads at a time: this thread).
    let scratch: UnsafeMutableRawBufferPointer
    private let inbox = Mutex(Inbox())
    private let epollFD: Int32
    private let wakeFD: Int32
    private let finished = DispatchSemaphore(value: 0)

    // Loop-thread state.
    private var connections: [UInt64: PlainHTTPConnection] = [:]
    private var pools: [HTTPConnectionPool.Key: HTTPConnectionPool] = [:]
    private var lastToken: UInt64 = 0
    private var nextDeadline = UInt64.max

    init(configuration: HTTPClient.Configuration) throws(HTTPClientError) {
        do { try HTTPLinux.check() } catch { throw .connect("epoll is not available") }
        self.configuration = configuration
        epollFD = HTTPLinux.epollCreate()
        wakeFD = HTTPLinux.eventfd()
        guard epollFD >= 0, wakeFD >= 0 else {
            if epollFD >= 0 { close(epollFD) }
            if wakeFD >= 0 { close(wakeFD) }
            throw .connect("cannot create epoll/eventfd: \(HTTPClientSocket.errorText(errno))")
        }
        scratch = .allocate(byteCount: Self.scratchBytes, alignment: 16)
        _ = HTTPLinux.epollCtl(epollFD, HTTPLinux.EPOLL_CTL_ADD, wakeFD, events: HTTPLinux.EPOLLIN, token: Self.wakeToken)
        NamedThread.start("http-client") { [self] in run() }
    }

    /// Hands `command` to the loop thread. False once the loop has been shut down.
    @discardableResult
    func post(_ command: Command) -> Bool {
        let (accepted, wake) = inbox.withLock { inbox -> (Bool, Bool) in
            guard !inbox.closed else { return (false, false) }
            inbox.commands.append(command)
            if case .shutdown = command { inbox.closed = true }
            let wake = inbox.sleeping
            inbox.sleeping = false
            return (true, wake)
        }
        if wake {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
        return accepted
    }

    /// Fails all pending requests, closes all sockets and waits for the thread to end. Idempotent.
    func shutdown() {
        if post(.shutdown) { finished.wait() }
    }

    // MARK: Services for pools and connections (loop thread)

    func makeConnection(pool: HTTPConnectionPool, job: HTTPClientJob) -> PlainHTTPConnection {
        lastToken += 1
        let connection = PlainHTTPConnection(token: lastToken, pool: pool, loop: self, job: job)
        connections[lastToken] = connection
        return connection
    }

    func forget(_ connection: PlainHTTPConnection) {
        connections[connection.token] = nil
    }

    func register(fd: Int32, token: UInt64, writable: Bool) {
        _ = HTTPLinux.epollCtl(epollFD, HTTPLinux.EPOLL_CTL_ADD, fd, events: events(writable), token: token)
    }

    func modify(fd: Int32, token: UInt64, writable: Bool) {
        _ = HTTPLinux.epollCtl(epollFD, Self.EPOLL_CTL_MOD, fd, events: events(writable), token: token)
    }

    private func events(_ writable: Bool) -> UInt32 {
        HTTPLinux.EPOLLIN | HTTPLinux.EPOLLRDHUP | (writable ? HTTPLinux.EPOLLOUT : 0)
    }

    /// Makes the loop wake up by `deadline` (monotonic ns) to check timeouts.
    func noteDeadline(_ deadline: UInt64) {
        if deadline < nextDeadline { nextDeadline = deadline }
    }

    // MARK: The loop

    private func run() {
        let eventCapacity = 256
        let events = UnsafeMutableRawBufferPointer.allocate(byteCount: eventCapacity * HTTPLinux.epollEventSize, alignment: 8)
        var batch: [Command] = []
        var running = true
        while running {
            inbox.withLock { inbox in
                if inbox.commands.isEmpty { inbox.sleeping = true } else { swap(&inbox.commands, &batch) }
            }
            let hadCommands = !batch.isEmpty
            for command in batch where running { running = handle(command) }
            batch.removeAll(keepingCapacity: true)
            guard running else { break }
            let now = HTTPSocket.now()
            if now >= nextDeadline { sweep(now: now) }
            let timeout = hadCommands ? 0 : milliseconds(until: nextDeadline, from: now)
            let count = HTTPLinux.epollWait(epollFD, events, timeoutMilliseconds: timeout)
            for index in 0..<max(0, Int(count)) {
                let (flags, token) = HTTPLinux.event(events, index)
                if token == Self.wakeToken {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                } else {
                    connections[token]?.handle(events: flags)
                }
            }
        }
        let all = Array(connections.values)
        for pool in pools.values { pool.shutdown(connections: all) }
        pools.removeAll()
        events.deallocate()
        scratch.deallocate()
        close(epollFD)
        close(wakeFD)
        finished.signal()
    }

    /// Applies one command; false for `shutdown`.
    private func handle(_ command: Command) -> Bool {
        switch command {
        case .submit(let job):
            if job.cancelRequested {
                job.fail(.cancelled())
                return true
            }
            let key = HTTPConnectionPool.Key(host: job.target.host, port: job.target.port)
            let pool = pools[key] ?? {
                let created = HTTPConnectionPool(key: key, loop: self)
                pools[key] = created
                return created
            }()
            noteDeadline(job.deadline)
            pool.submit(job)
        case .cancel(let job):
            if case .new = job.place { job.cancelRequested = true }
            guard case .active(let connection) = job.place else {
                if case .queued = job.place { job.fail(.cancelled()) }
                return true
            }
            connection.pool.abort(job, .cancelled())
        case .resolved(let token, let result):
            connections[token]?.resolved(result)
        case .shutdown:
            return false
        }
        return true
    }

    private func sweep(now: UInt64) {
        nextDeadline = .max
        let all = Array(connections.values)
        var next = UInt64.max
        for (key, pool) in pools {
            next = min(next, pool.sweep(now: now, connections: all))
            if pool.isUnused { pools[key] = nil }
        }
        noteDeadline(next)
    }

    private func milliseconds(until deadline: UInt64, from now: UInt64) -> Int32 {
        if deadline == .max { return -1 }
        if deadline <= now { return 0 }
        return Int32(clamping: (deadline - now + 999_999) / 1_000_000)
    }
}
