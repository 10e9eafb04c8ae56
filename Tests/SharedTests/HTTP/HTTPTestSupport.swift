import Dispatch
import Foundation
import Glibc
import Synchronization
@testable import Shared

/// A blocking TCP client for the socket tests. Every blocking call runs on a thread of its own (not on
/// the Swift cooperative pool, which the server's handler tasks need), with 5 s socket timeouts so
/// a broken server fails a test instead of hanging it. One operation at a time per client.
final class HTTPTestClient: @unchecked Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    enum Failure: Error { case connect(Int32), send(Int32), closed, timeout, malformed(String) }

    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 5) throws {
        let v6 = host.contains(":")
        fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let result: Int32
        if v6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        if result != 0 {
            let code = errno
            Glibc.close(fd)
            throw Failure.connect(code)
        }
    }

    deinit { Glibc.close(fd) }

    private func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            // A thread of its own: Dispatch's global queues are only as wide as the core count,
            // so parallel blocking reads there could starve each other.
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }

    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) async throws {
        try await offPool { try self.sendBlocking(bytes) }
    }

    func sendBlocking(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { throw Failure.send(errno) }
            sent += n
        }
    }

    /// Half-closes: the server sees EOF after the bytes already sent.
    func shutdownWrite() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads one response (head, then a Content-Length body; no body for HEAD / 1xx / 204 / 304).
    func response(forHead: Bool = false) async throws -> Response {
        try await offPool { try self.readResponseBlocking(forHead: forHead) }
    }

    /// Reads until the server closes the connection. Returns the bytes and whether EOF/reset was
    /// seen (false when the 5 s timeout expired with the connection still open).
    func readUntilClosed() async throws -> (bytes: [UInt8], closed: Bool) {
        try await offPool {
            var out = self.buffer
            self.buffer.removeAll()
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
                if n > 0 { out += chunk[0..<n]; continue }
                if n == 0 || errno == ECONNRESET { return (out, true) }
                return (out, false)
            }
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { buffer += chunk[0..<n]; return }
        if n == 0 || errno == ECONNRESET { throw Failure.closed }
        throw Failure.timeout
    }

    private func readResponseBlocking(forHead: Bool) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if let range = buffer.firstRange(of: separator) { headEnd = range.lowerBound; break }
            try fill()
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]) else {
            throw Failure.malformed(head)
        }
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1].drop { $0 == " " }) : "")
        }
        var response = Response(status: status, headers: headers, body: [])
        let length = response.header("Content-Length").flatMap { Int($0) } ?? 0
        if forHead || status < 200 || status == 204 || status == 304 { return response }
        while buffer.count < length { try fill() }
        response.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return response
    }
}

/// Starts a server on 127.0.0.1 and an ephemeral port for one test, and always stops it.
func withHTTPServer<T>(
    limits: HTTPServerLimits = HTTPServerLimits(),
    handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .text("ok") },
    _ body: (HTTPServer) async throws -> T
) async throws -> T {
    let server = HTTPServer(host: "127.0.0.1", port: 0, limits: limits, handler: handler)
    try server.start()
    defer { server.stop() }
    return try await body(server)
}

/// A gate that handlers can wait on until the test opens it (no wall-clock dependence).
final class HTTPTestGate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { s -> Bool in
                if s.open { return true }
                s.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.open = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    var waiterCount: Int { state.withLock { $0.waiters.count } }
}

/// Polls `condition` every 10 ms for up to `seconds`.
func httpEventually(seconds: Double = 5, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}
