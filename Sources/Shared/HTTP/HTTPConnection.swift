import Glibc

/// One client socket: a state machine that reads and parses requests, runs each request's handler
/// (the server's inline handler on the loop thread when it takes the request, else the async one in a
/// `Task`), and writes the responses back in order (one request at a time, so pipelined
/// requests are answered in arrival order and bytes after a request wait in the buffer).
///
/// It lives on its event loop's thread only. It fails closed: a protocol error or timeout gets a
/// 4xx answer and a lingering close, a socket error or idle timeout closes it silently, and
/// `close()` cancels a handler still running (its late response is then dropped by the loop).
final class HTTPConnection {
    /// Generation (high 32 bits) and fd (low 32 bits): unique per loop even when fds are reused.
    typealias ID = UInt64
    /// Counts the connection's requests, so a response can only ever answer the request it was made for.
    typealias RequestNumber = UInt32

    enum State { case reading, awaitingHandler, writing, lingering, closed }

    /// Output capacity kept between responses; a bigger buffer is released after use.
    private static let retainedOutputCapacity = 64 * 1024

    let fd: Int32
    let id: ID
    let isRefusal: Bool
    /// The loop owns this connection and closes it before it stops, so it always outlives it.
    private unowned(unsafe) let loop: HTTPEventLoop
    private let remoteAddress: String

    private(set) var state = State.reading
    /// When this connection next needs the loop's attention (`UInt64.max`: never).
    private(set) var deadline = UInt64.max

    private var input = HTTPReadBuffer()
    private var parser: HTTPRequestParser
    private var output: [UInt8] = []
    private var outputSent = 0
    private var readable = false
    private var writable = true
    private var peerClosed = false
    private var idleSince: UInt64
    private var requestStartedAt: UInt64?
    private var lastWriteProgress: UInt64 = 0
    private var lingerUntil: UInt64 = 0
    private var closeAfterWrite = false
    private var lingerAfterWrite = false
    private var current = (isHead: false, keepAlive: true, isHTTP10: false)
    private var task: Task<Void, Never>?
    private var requestNumber: RequestNumber = 0

    init(fd: Int32, id: ID, loop: HTTPEventLoop, remoteAddress: String, refusing: Bool) {
        self.fd = fd
        self.id = id
        self.loop = loop
        self.remoteAddress = remoteAddress
        self.isRefusal = refusing
        self.parser = HTTPRequestParser(limits: loop.context.limits)
        self.idleSince = loop.now
    }

    /// Called once after registration with epoll.
    func start() {
        if isRefusal {
            respondWithError(HTTPParseError(503, "too many connections"))
        }
        drive()
    }

    /// epoll reported `events` (edge-triggered): note readiness, then make progress.
    func handleEvents(_ events: UInt32) {
        if events & (HTTPLinux.EPOLLIN | HTTPLinux.EPOLLRDHUP | HTTPLinux.EPOLLHUP | HTTPLinux.EPOLLERR) != 0 { readable = true }
        if events & (HTTPLinux.EPOLLRDHUP | HTTPLinux.EPOLLHUP | HTTPLinux.EPOLLERR) != 0 { peerClosed = true }
        if events & (HTTPLinux.EPOLLOUT | HTTPLinux.EPOLLHUP | HTTPLinux.EPOLLERR) != 0 { writable = true }
        drive()
    }

    /// Advances the state machine as far as the socket allows.
    private func drive() {
        while true {
            switch state {
            case .closed:
                return
            case .awaitingHandler:
                updateDeadline()
                return
            case .lingering:
                discardInput()
                return
            case .writing:
                guard flush() else {
                    if state != .closed { updateDeadline() }
                    return
                }
                finishResponse()
            case .reading:
                if !output.isEmpty, !flush(), state == .closed { return }   // a pending 100 Continue
                if processBuffered() { continue }
                guard readable else { updateDeadline(); return }
                let (n, filled) = input.read(from: fd)
                if n > 0 {
                    // A short read drained the socket: edge-triggered epoll reports the next data,
                    // so skip the recv that would only return EAGAIN. Not after the peer's FIN was
                    // reported: its EOF is queued behind the data and no new event would announce it.
                    if !filled && !peerClosed { readable = false }
                    continue
                }
                if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    readable = false
                    updateDeadline()
                    return
                }
                if n < 0, errno == EINTR { continue }
                close()   // EOF between or inside requests, or a socket error: nobody to answer
                return
            }
        }
    }

    /// Parses buffered bytes. Returns true when the state changed (request dispatched or error).
    private func processBuffered() -> Bool {
        while !input.isEmpty {
            let (consumed, event) = input.withReadableBytes { parser.parse($0) }
            input.consume(consumed)
            switch event {
            case .needMore:
                return false
            case .continueExpected:
                output.append(contentsOf: HTTPResponse.continueBytes)
                _ = flush()
                if state == .closed { return true }
            case .request(let parsed):
                dispatch(parsed)
                return true
            case .error(let error):
                respondWithError(error)
                return true
            }
        }
        return false
    }

    private func dispatch(_ parsed: HTTPRequestParser.Parsed) {
        var request = parsed.request
        request.remoteAddress = remoteAddress
        current = (parsed.isHead, parsed.keepAlive, parsed.isHTTP10)
        state = .awaitingHandler
        requestStartedAt = nil
        requestNumber &+= 1
        let loop = self.loop, id = self.id, number = requestNumber, handler = loop.context.handler
        if let inline = loop.context.inline {
            let (took, response) = loop.runInline(inline, request, connection: id, number: number)
            if took {
                if let response { complete(response) }   // answered at once; `drive` writes it next
                return
            }
        }
        task = Task {
            let response = await handler(request)
            loop.post(.response(id, number, response))
        }
    }

    /// A handler's response arrived on the loop thread.
    func handlerFinished(_ response: HTTPResponse, request number: RequestNumber) {
        guard state == .awaitingHandler, number == requestNumber else { return }
        complete(response)
        drive()
    }

    /// Encodes the current request's response and starts writing it.
    private func complete(_ response: HTTPResponse) {
        task = nil
        let close = !current.keepAlive || response.requestsClose
        let framing = HTTPResponse.Framing(isHead: current.isHead, close: close,
                                           http10KeepAlive: current.isHTTP10 && !close)
        if let problem = response.encode(into: &output, framing: framing) {
            loop.context.onError("HTTPServer: \(problem)")
        }
        beginWriting(close: close, linger: false)
    }

    private func respondWithError(_ error: HTTPParseError) {
        HTTPResponse.error(error.status, error.reason)
            .encode(into: &output, framing: .init(isHead: false, close: true, http10KeepAlive: false))
        beginWriting(close: true, linger: true)
    }

    private func beginWriting(close: Bool, linger: Bool) {
        closeAfterWrite = close
        lingerAfterWrite = linger
        lastWriteProgress = loop.now
        state = .writing
    }

    /// Sends pending output. True when all of it is written; false when blocked or closed.
    private func flush() -> Bool {
        while outputSent < output.count {
            guard writable else { return false }
            let n = output.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + outputSent, raw.count - outputSent, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                outputSent += n
                lastWriteProgress = loop.now
            } else if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                writable = false
                return false
            } else if n < 0, errno == EINTR {
                continue
            } else {
                close()
                return false
            }
        }
        if output.capacity > Self.retainedOutputCapacity { output = [] } else { output.removeAll(keepingCapacity: true) }
        outputSent = 0
        return true
    }

    private func finishResponse() {
        if closeAfterWrite {
            if lingerAfterWrite || !input.isEmpty || !parser.isAtRequestStart { startLingering() } else { close() }
            return
        }
        state = .reading
        idleSince = loop.now
    }

    /// Half-closes and reads until EOF (or the linger deadline) so that unread request bytes do not
    /// turn our close into a reset that would destroy the response before the client reads it.
    private func startLingering() {
        Glibc.shutdown(fd, Int32(SHUT_WR))
        state = .lingering
        lingerUntil = loop.now + HTTPServerContext.lingerNanoseconds
        readable = true
        discardInput()
    }

    private func discardInput() {
        for _ in 0..<16 {
            input.removeAll()
            let n = input.read(from: fd).result
            if n > 0 { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK { break }
            if n < 0, errno == EINTR { continue }
            close()
            return
        }
        input.removeAll()
        updateDeadline()
    }

    private func updateDeadline() {
        switch state {
        case .reading:
            if parser.isAtRequestStart && input.isEmpty {
                requestStartedAt = nil
                deadline = idleSince &+ loop.context.idleTimeout
            } else {
                if requestStartedAt == nil { requestStartedAt = loop.now }
                deadline = requestStartedAt! &+ loop.context.readTimeout
            }
        case .awaitingHandler, .closed:
            deadline = .max
        case .writing:
            deadline = lastWriteProgress &+ loop.context.idleTimeout
        case .lingering:
            deadline = lingerUntil
        }
        loop.schedule(deadline)
    }

    /// The loop found `deadline` passed.
    func deadlineExpired() {
        switch state {
        case .reading:
            if parser.isAtRequestStart && input.isEmpty {
                close()   // idle keep-alive connection
            } else {
                respondWithError(.requestTimeout)
                drive()
            }
        case .writing, .lingering:
            close()   // the client stopped reading, or lingering is over
        case .awaitingHandler, .closed:
            break
        }
    }

    /// Closes the socket now and cancels a running handler. Idempotent.
    func close() {
        guard state != .closed else { return }
        state = .closed
        deadline = .max
        task?.cancel()
        task = nil
        Glibc.close(fd)
        loop.remove(self)
    }
}
