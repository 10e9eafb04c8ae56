import Foundation
import Glibc
import Synchronization

/// A tiny blocking TCP server on 127.0.0.1 for client tests that need a misbehaving peer: each
/// accepted connection runs `script` on its own thread. It counts accepted, concurrently open and
/// client-closed connections. `stop()` closes everything and joins the threads.
public final class HTTPClientFakeServer: Sendable {
    public struct Stats: Sendable {
        public var accepted = 0
        public var open = 0
        public var maxOpen = 0
        /// Connections on which the script saw EOF from the client (the client closed it).
        public var closedByClient = 0
        var fds: Set<Int32> = []
        var threads = 0
    }

    public let port: Int
    private let listenFD: Int32
    private let stats = Mutex(Stats())
    private let stopping = Atomic<Bool>(false)
    private let acceptDone = DispatchSemaphore(value: 0)

    public init(script: @escaping @Sendable (HTTPClientFakeConnection) -> Void) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        listen(fd, 512)
        listenFD = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in acceptLoop(script) }
        thread.start()
    }

    public var accepted: Int { stats.withLock { $0.accepted } }
    public var maxOpen: Int { stats.withLock { $0.maxOpen } }
    public var open: Int { stats.withLock { $0.open } }
    public var closedByClient: Int { stats.withLock { $0.closedByClient } }

    func noteClientClosed() { stats.withLock { $0.closedByClient += 1 } }

    private func acceptLoop(_ script: @escaping @Sendable (HTTPClientFakeConnection) -> Void) {
        var index = 0
        while !stopping.load(ordering: .acquiring) {
            var pfd = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            let client = accept(listenFD, nil, nil)
            guard client >= 0 else { continue }
            index += 1
            let connection = HTTPClientFakeConnection(fd: client, index: index, server: self)
            stats.withLock {
                $0.accepted += 1
                $0.open += 1
                $0.maxOpen = max($0.maxOpen, $0.open)
                $0.fds.insert(client)
                $0.threads += 1
            }
            Thread { [self] in
                script(connection)
                stats.withLock {
                    $0.open -= 1
                    $0.fds.remove(client)
                    $0.threads -= 1
                }
                close(client)
            }.start()
        }
        acceptDone.signal()
    }

    /// Stops accepting, shuts every open connection down and waits (up to 5 s) for the scripts.
    public func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        acceptDone.wait()
        close(listenFD)
        for _ in 0..<500 {
            let remaining = stats.withLock { stats -> Int in
                for fd in stats.fds { shutdown(fd, Int32(SHUT_RDWR)) }
                return stats.threads
            }
            if remaining == 0 { return }
            usleep(10_000)
        }
    }

    /// Waits until `condition` holds on the counters, for at most `seconds`.
    /// Polls without blocking a thread of the cooperative pool.
    public func wait(seconds: Double = 5, until condition: (Stats) -> Bool) async -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < end {
            if stats.withLock({ condition($0) }) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return stats.withLock { condition($0) }
    }
}

/// One accepted connection as seen by a fake-server script (blocking I/O, 10 s receive timeout).
public final class HTTPClientFakeConnection: @unchecked Sendable {
    public let fd: Int32
    /// 1 for the first connection the server accepted, 2 for the second ...
    public let index: Int
    /// Requests read so far on this connection.
    public private(set) var requests = 0
    private let server: HTTPClientFakeServer
    private var pending: [UInt8] = []

    init(fd: Int32, index: Int, server: HTTPClientFakeServer) {
        self.fd = fd
        self.index = index
        self.server = server
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads one request (head and Content-Length body). Nil at EOF (counted as closed by client).
    public func readRequest() -> (head: String, body: [UInt8])? {
        while true {
            if let end = httpClientFind([13, 10, 13, 10], in: pending) {
                let head = String(decoding: pending[..<end], as: UTF8.self)
                var length = 0
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
                while pending.count < end + 4 + length {
                    guard receive() else { return nil }
                }
                let body = Array(pending[(end + 4)..<(end + 4 + length)])
                pending.removeFirst(end + 4 + length)
                requests += 1
                return (head, body)
            }
            guard receive() else { return nil }
        }
    }

    private func receive() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 {
            if n == 0 { server.noteClientClosed() }
            return false
        }
        pending.append(contentsOf: buffer[..<n])
        return true
    }

    /// Blocks until the client closes the connection (or the receive timeout passes).
    public func waitForClose() {
        while receive() { pending.removeAll() }
    }

    @discardableResult
    public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// - Returns: false when the peer is gone (the rest was not sent).
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }
}

/// Index of the first occurrence of `needle` in `haystack`.
public func httpClientFind(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
    return nil
}

/// The request path of a raw request head ("GET /x HTTP/1.1 ..." -> "/x").
public func httpClientPath(_ head: String) -> String {
    let parts = head.split(separator: " ", maxSplits: 2)
    return parts.count > 1 ? String(parts[1]) : ""
}

/// A 127.0.0.1 port with nothing listening (bound once, then released).
public func httpClientClosedPort() -> Int {
    (try? FreePort.find()) ?? 1
}

public func httpClientURL(_ port: Int, _ path: String = "/") -> URL {
    URL(string: "http://127.0.0.1:\(port)\(path)")!
}

/// A listener that never accepts, with its one-slot accept queue already filled by two other
/// sockets, so the kernel drops further SYNs and a connect hangs. Close the returned descriptors.
public func httpClientFullListener() -> (port: Int, fds: [Int32]) {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
    }
    listen(listener, 0)
    var fds = [listener]
    for _ in 0..<2 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue), 0)
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        fds.append(fd)
    }
    usleep(50_000)
    return (Int(UInt16(bigEndian: addr.sin_port)), fds)
}
