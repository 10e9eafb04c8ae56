import Glibc

/// One keep-alive TCP connection of the plain-HTTP transport: connects, writes a request, reads
/// and parses its response, then goes idle until the pool hands it the next request.
///
/// Every method runs on the event-loop thread (the socket is non-blocking, nothing here waits).
/// Outcomes go to the owning `HTTPConnectionPool`: completed (reusable or not), failed (with
/// whether the failure may be retried: a reused connection that died before any response byte),
/// or lost while idle (the server closed it). Any protocol or I/O error discards the connection.
final class PlainHTTPConnection {
    enum Phase { case resolving, connecting, busy, idle, closed }

    let token: UInt64
    unowned let pool: HTTPConnectionPool
    unowned let loop: HTTPClientEventLoop
    private(set) var phase = Phase.resolving
    /// The request in progress (while connecting: the request this connection was opened for).
    private(set) var job: HTTPClientJob?
    private(set) var connectDeadline: UInt64
    private(set) var idleDeadline = UInt64.max
    private var fd: Int32 = -1
    private var parser = HTTPResponseParser()
    private var written = 0
    private var wantsWrite = false
    private var requestsStarted = 0

    init(token: UInt64, pool: HTTPConnectionPool, loop: HTTPClientEventLoop, job: HTTPClientJob) {
        self.token = token
        self.pool = pool
        self.loop = loop
        self.job = job
        connectDeadline = HTTPSocket.now() &+ loop.configuration.connectTimeout.httpNanoseconds
        job.place = .active(self)
    }

    /// Resolves (inline for IP literals, else on a helper thread) and starts connecting.
    func open() {
        loop.noteDeadline(connectDeadline)
        if let address = HTTPClientSocket.literalAddress(host: pool.key.host, port: pool.key.port) {
            connect(to: address)
            return
        }
        let loop = self.loop, token = self.token
        HTTPClientSocket.resolveInBackground(host: pool.key.host, port: pool.key.port) { result in
            _ = loop.post(.resolved(token: token, result))
        }
    }

    func resolved(_ result: Result<HTTPClientSocket.Address, HTTPClientError>) {
        guard phase == .resolving else { return }
        switch result {
        case .success(let address): connect(to: address)
        case .failure(let error): pool.connectFailed(self, error)
        }
    }

    private func connect(to address: HTTPClientSocket.Address) {
        do {
            let (socket, connected) = try HTTPClientSocket.connect(to: address)
            fd = socket
            phase = .connecting
            wantsWrite = !connected
            loop.register(fd: fd, token: token, writable: wantsWrite)
            if connected { connectionEstablished() }
        } catch {
            pool.connectFailed(self, error)
        }
    }

    private func connectionEstablished() {
        guard let job else { return }
        begin(job)
    }

    /// Starts `job` on this (connected, not busy) connection and writes as much as the socket takes.
    func begin(_ job: HTTPClientJob) {
        if job.missedSendWindow {
            pool.notSent(self, job)
            return
        }
        self.job = job
        job.place = .active(self)
        phase = .busy
        requestsStarted += 1
        parser = HTTPResponseParser(isHeadRequest: job.isHeadRequest, maxBodyBytes: loop.configuration.maxResponseBytes)
        written = 0
        flush()
    }

    func becomeIdle() {
        phase = .idle
        idleDeadline = HTTPSocket.now() &+ loop.configuration.idleTimeout.httpNanoseconds
    }

    /// Closes the socket; the pool does the bookkeeping. Idempotent.
    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        phase = .closed
        job = nil
    }

    /// Reacts to epoll readiness `events` for this socket.
    func handle(events: UInt32) {
        if phase == .connecting {
            let error = HTTPClientSocket.pendingError(fd)
            guard error == 0 else {
                pool.connectFailed(self, .connect("connect failed: \(HTTPClientSocket.errorText(error))"))
                return
            }
            if events & (HTTPLinux.EPOLLOUT | HTTPLinux.EPOLLIN) == 0 { return }
            connectionEstablished()
            return
        }
        if wantsWrite && events & HTTPLinux.EPOLLOUT != 0 { flush() }
        if phase != .closed && events & (HTTPLinux.EPOLLIN | HTTPLinux.EPOLLERR | HTTPLinux.EPOLLHUP | HTTPLinux.EPOLLRDHUP) != 0 {
            readAvailable()
        }
    }

    private func flush() {
        guard let job else { return }
        let total = job.encoded.count
        while written < total {
            let n = job.encoded.withUnsafeBytes { send(fd, $0.baseAddress! + written, total - written, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                written += n
                continue
            }
            let code = errno
            if n < 0 && code == EINTR { continue }
            if n < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                setWantsWrite(true)
                return
            }
            fail(ioError: code)
            return
        }
        setWantsWrite(false)
    }

    private func setWantsWrite(_ value: Bool) {
        guard wantsWrite != value else { return }
        wantsWrite = value
        loop.modify(fd: fd, token: token, writable: value)
    }

    private func readAvailable() {
        let buffer = loop.scratch
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 {
                guard phase == .busy else { // bytes nobody asked for: the connection is out of sync
                    pool.discard(self)
                    return
                }
                do {
                    if try parser.feed(UnsafeRawBufferPointer(rebasing: buffer[..<n])) {
                        complete()
                        return
                    }
                } catch {
                    fail(error, retryable: false)
                    return
                }
                if n < buffer.count { return } // drained for now; level-triggered epoll calls again
                continue
            }
            let code = n == 0 ? 0 : errno
            if n < 0 && code == EINTR { continue }
            if n < 0 && (code == EAGAIN || code == EWOULDBLOCK) { return }
            guard phase == .busy else { // the server closed (or reset) an idle keep-alive connection
                pool.discard(self)
                return
            }
            if n == 0 {
                do {
                    try parser.finishAtEOF()
                    complete()
                } catch {
                    fail(error, retryable: isStaleReuse)
                }
            } else {
                fail(ioError: code)
            }
            return
        }
    }

    /// The request went out on a previously used connection and not one response byte came back:
    /// the server most likely closed the idle connection as we sent, so it never saw the request.
    private var isStaleReuse: Bool { requestsStarted > 1 && parser.bytesReceived == 0 }

    private func fail(ioError code: Int32) {
        let error: HTTPClientError = parser.bytesReceived == 0
            ? .connectionClosed("connection lost before any response byte: \(HTTPClientSocket.errorText(code))")
            : .connectionClosed("connection lost in the middle of the response: \(HTTPClientSocket.errorText(code))")
        fail(error, retryable: isStaleReuse)
    }

    private func fail(_ error: HTTPClientError, retryable: Bool) {
        guard let job else { return }
        self.job = nil
        pool.requestFailed(self, job, error, retryable: retryable)
    }

    private func complete() {
        guard let job else { return }
        self.job = nil
        let reusable = parser.keepAlive && !parser.hasExtraBytes && written == job.encoded.count
        pool.requestCompleted(self, job, parser.response, reusable: reusable)
    }
}
