import Dispatch
import Glibc
import Synchronization

/// One epoll thread that owns a set of connections: it accepts from the shared listening socket,
/// reads, parses and writes, and fires the connections' deadlines.
///
/// Everything except `post` runs on the loop's own thread, which is why the mutable state needs no
/// lock (hence `@unchecked Sendable`). Handler tasks hand their responses back through `post`: a
/// mutex-guarded inbox, drained every iteration, plus an eventfd wake-up written only when the loop
/// sleeps in epoll_wait; an inline handler answering on the loop thread itself skips the post. After the loop stopped, posts are dropped. Failures of epoll itself are
/// reported and end the loop.
final class HTTPEventLoop: @unchecked Sendable {
    enum Message: Sendable {
        case response(HTTPConnection.ID, HTTPConnection.RequestNumber, HTTPResponse)
        case stop
    }

    private struct Inbox {
        var messages: [Message] = []
        var closed = false
        /// The loop is in (or about to enter) epoll_wait and needs an eventfd write to notice posts.
        var sleeping = false
        /// An eventfd write is outstanding; later posts need not write again.
        var wakePending = false
    }

    /// Events taken from epoll per wait: enough to batch a busy loop, small on the stack.
    private static let maxEvents: Int32 = 256
    /// Connections accepted per listener wake-up, so one loop cannot starve its other sockets.
    private static let acceptBatch = 64
    private static let wakeToken = UInt64.max
    private static let listenToken = UInt64.max - 1

    let context: HTTPServerContext
    private let epfd: Int32
    private let wakeFD: Int32
    private let inbox = Mutex(Inbox())
    /// Signalled once when `run()` returns.
    let finished = DispatchSemaphore(value: 0)

    // Loop-thread state.
    private var connections: [HTTPConnection?] = []
    private var drained: [Message] = []
    private var generation: UInt32 = 0
    private var nextTimerScan = UInt64.max
    private var listenerPausedUntil: UInt64?
    private var running = true
    /// The request whose inline handler is running on this thread, and its response if it answered at once.
    private var inlineRequest: (connection: HTTPConnection.ID, number: HTTPConnection.RequestNumber)?
    private var inlineResponse: HTTPResponse?
    /// The loop thread's `pthread_self()`, so `deliver` can tell whether it runs on it (0 before `run()`).
    private let loopThread = Atomic<UInt>(0)
    /// Monotonic time of the current loop iteration, in nanoseconds.
    private(set) var now: UInt64 = HTTPSocket.now()

    init(context: HTTPServerContext) throws {
        self.context = context
        try HTTPLinux.check()
        epfd = HTTPLinux.epollCreate()
        guard epfd >= 0 else { throw HTTPServerError.systemError(operation: "epoll_create1", errno: errno) }
        wakeFD = HTTPLinux.eventfd()
        guard wakeFD >= 0 else {
            let code = errno
            close(epfd)
            throw HTTPServerError.systemError(operation: "eventfd", errno: code)
        }
        try control(HTTPLinux.EPOLL_CTL_ADD, wakeFD, events: HTTPLinux.EPOLLIN, token: Self.wakeToken)
        try addListener()
    }

    deinit {
        close(wakeFD)
        close(epfd)
    }

    // MARK: - Cross-thread

    /// Queues a message for the loop thread. Safe from any thread; dropped once the loop stopped.
    func post(_ message: Message) {
        let wake = inbox.withLock { box -> Bool in
            if box.closed { return false }
            box.messages.append(message)
            if !box.sleeping || box.wakePending { return false }
            box.wakePending = true
            return true
        }
        if wake {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
    }

    /// Hands an inline handler's response to its connection: directly when the handler answers on the loop
    /// thread while it runs (no post, no wake-up), through `post` from anywhere else.
    func deliver(_ response: HTTPResponse, to id: HTTPConnection.ID, request number: HTTPConnection.RequestNumber) {
        if loopThread.load(ordering: .relaxed) == UInt(pthread_self()), let current = inlineRequest,
           current.connection == id, current.number == number, inlineResponse == nil {
            inlineResponse = response
            return
        }
        post(.response(id, number, response))
    }

    /// Runs the server's inline handler for a connection's request on the loop thread. Returns whether it took
    /// the request, and its response when it already answered.
    func runInline(_ inline: HTTPServer.InlineHandler, _ request: HTTPRequest, connection id: HTTPConnection.ID,
                   number: HTTPConnection.RequestNumber) -> (took: Bool, response: HTTPResponse?) {
        inlineRequest = (id, number)
        let took = inline(request, HTTPResponder(loop: self, connection: id, request: number))
        inlineRequest = nil
        defer { inlineResponse = nil }
        return (took, took ? inlineResponse : nil)
    }

    // MARK: - Loop

    /// Runs until a `.stop` message arrives, then closes every connection it owns.
    func run() {
        let events = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(Self.maxEvents) * HTTPLinux.epollEventSize,
                                                            alignment: 8)
        defer { events.deallocate() }
        loopThread.store(UInt(pthread_self()), ordering: .relaxed)
        while running {
            now = HTTPSocket.now()
            let idle = inbox.withLock { box -> Bool in
                box.sleeping = box.messages.isEmpty
                return box.sleeping
            }
            let timeout: Int32 = !idle ? 0 : nextTimerScan == .max ? 1000
                : Int32(min(1000, (nextTimerScan &- min(now, nextTimerScan) + 999_999) / 1_000_000))
            let n = HTTPLinux.epollWait(epfd, events, timeoutMilliseconds: timeout)
            let waitError = errno
            now = HTTPSocket.now()
            drainInbox()
            if n < 0 {
                if waitError == EINTR { continue }
                context.onError("HTTPServer: epoll_wait failed: \(String(cString: strerror(waitError)))")
                break
            }
            for i in 0..<Int(n) where running {
                let event = HTTPLinux.event(events, i)
                dispatch(token: event.token, events: event.events)
            }
            if now >= nextTimerScan { scanTimers() }
        }
        shutdown()
        finished.signal()
    }

    private func dispatch(token: UInt64, events: UInt32) {
        switch token {
        case Self.wakeToken:
            var value: UInt64 = 0
            _ = read(wakeFD, &value, 8)
            inbox.withLock { $0.wakePending = false }
        case Self.listenToken:
            acceptConnections()
        default:
            connection(for: token)?.handleEvents(events)
        }
    }

    /// Takes the posted messages (swapping arrays, so neither reallocates) and handles them.
    private func drainInbox() {
        inbox.withLock { box in
            box.sleeping = false
            swap(&box.messages, &drained)
        }
        for message in drained {
            switch message {
            case let .response(id, number, response): connection(for: id)?.handlerFinished(response, request: number)
            case .stop: running = false
            }
        }
        drained.removeAll(keepingCapacity: true)
    }

    private func connection(for id: HTTPConnection.ID) -> HTTPConnection? {
        let fd = Int(id & 0xFFFF_FFFF)
        guard fd < connections.count, let c = connections[fd], c.id == id else { return nil }
        return c
    }

    private func shutdown() {
        inbox.withLock { box in
            box.closed = true
            box.messages.removeAll()
        }
        if listenerPausedUntil == nil { removeListener() }
        for i in connections.indices { connections[i]?.close() }
    }

    // MARK: - Timers

    /// Asks for a timer scan no later than `deadline`.
    func schedule(_ deadline: UInt64) {
        if deadline < nextTimerScan { nextTimerScan = deadline }
    }

    /// Fires due deadlines and finds the next one. O(connections), run only when one is due.
    private func scanTimers() {
        var next = UInt64.max
        if let until = listenerPausedUntil {
            if now >= until { resumeListener() } else { next = until }
        }
        var i = 0
        while i < connections.count {
            if let c = connections[i] {
                if c.deadline <= now { c.deadlineExpired() }
                if let c = connections[i], c.deadline < next { next = c.deadline }
            }
            i += 1
        }
        nextTimerScan = next
    }

    // MARK: - Accepting

    private func addListener() throws {
        try control(HTTPLinux.EPOLL_CTL_ADD, context.listenFD, events: HTTPLinux.EPOLLIN | HTTPLinux.EPOLLEXCLUSIVE,
                    token: Self.listenToken)
    }

    private func removeListener() {
        _ = HTTPLinux.epollCtl(epfd, HTTPLinux.EPOLL_CTL_DEL, context.listenFD, events: 0, token: 0)
    }

    private func resumeListener() {
        listenerPausedUntil = nil
        do { try addListener() } catch { context.onError("HTTPServer: cannot resume accepting: \(error)") }
    }

    private func acceptConnections() {
        for _ in 0..<Self.acceptBatch {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    HTTPLinux.accept4(context.listenFD, $0, &length, flags: Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                let code = errno
                switch code {
                case EAGAIN, EWOULDBLOCK: return
                case EINTR, ECONNABORTED, EPROTO: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    context.onError("HTTPServer: accept failed (\(String(cString: strerror(code)))); pausing accepts")
                    removeListener()
                    listenerPausedUntil = now + HTTPServerContext.acceptPauseNanoseconds
                    schedule(listenerPausedUntil!)
                    return
                default:
                    context.onError("HTTPServer: accept failed: \(String(cString: strerror(code)))")
                    return
                }
            }
            register(fd, remote: HTTPSocket.describe(address))
        }
    }

    private func register(_ fd: Int32, remote: String) {
        let active = context.activeConnections.wrappingAdd(1, ordering: .relaxed).newValue
        var refusing = false
        if active > context.limits.maxConnections {
            context.activeConnections.wrappingSubtract(1, ordering: .relaxed)
            let refusals = context.refusingConnections.wrappingAdd(1, ordering: .relaxed).newValue
            if refusals > HTTPServerContext.maxRefusingConnections {
                context.refusingConnections.wrappingSubtract(1, ordering: .relaxed)
                close(fd)
                return
            }
            refusing = true
        }
        HTTPSocket.setNoDelay(fd)
        generation &+= 1
        let id = UInt64(generation) << 32 | UInt64(UInt32(fd))
        let connection = HTTPConnection(fd: fd, id: id, loop: self, remoteAddress: remote, refusing: refusing)
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count + 64))
        }
        connections[Int(fd)] = connection
        do {
            try control(HTTPLinux.EPOLL_CTL_ADD, fd,
                        events: HTTPLinux.EPOLLIN | HTTPLinux.EPOLLOUT | HTTPLinux.EPOLLRDHUP | HTTPLinux.EPOLLET, token: id)
        } catch {
            context.onError("HTTPServer: cannot watch a connection: \(error)")
            connection.close()
            return
        }
        connection.start()
    }

    /// Called by a connection once it closed its socket.
    func remove(_ connection: HTTPConnection) {
        let fd = Int(connection.fd)
        if fd < connections.count, connections[fd] === connection { connections[fd] = nil }
        if connection.isRefusal {
            context.refusingConnections.wrappingSubtract(1, ordering: .relaxed)
        } else {
            context.activeConnections.wrappingSubtract(1, ordering: .relaxed)
        }
    }

    private func control(_ op: Int32, _ fd: Int32, events: UInt32, token: UInt64) throws {
        if HTTPLinux.epollCtl(epfd, op, fd, events: events, token: token) != 0 {
            throw HTTPServerError.systemError(operation: "epoll_ctl", errno: errno)
        }
    }
}
