import Foundation
import Glibc

/// Address resolution and non-blocking connects for `PlainHTTPConnection`.
///
/// IP literals and "localhost" resolve inline; other names need the blocking `getaddrinfo`, which
/// `resolveInBackground` runs on a short-lived thread of its own (never on the event loop or the
/// cooperative pool). Failures come back as `HTTPClientError.connect` with the errno text.
enum HTTPClientSocket {
    /// A resolved peer address.
    struct Address: @unchecked Sendable {
        var storage = sockaddr_storage()
        var length: socklen_t = 0
        var family: Int32 { Int32(storage.ss_family) }
    }

    /// Resolves without blocking, or returns nil when the host is a name that needs DNS.
    static func literalAddress(host: String, port: Int) -> Address? {
        var address = Address()
        let name = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            withUnsafeMutableBytes(of: &address.storage) { $0.storeBytes(of: v4, as: sockaddr_in.self) }
            address.length = socklen_t(MemoryLayout<sockaddr_in>.size)
            return address
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, name, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
            withUnsafeMutableBytes(of: &address.storage) { $0.storeBytes(of: v6, as: sockaddr_in6.self) }
            address.length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            return address
        }
        return nil
    }

    /// Runs `getaddrinfo` on a new thread and hands the first TCP address (or the error) to `done`.
    static func resolveInBackground(host: String, port: Int,
                                    done: @escaping @Sendable (Result<Address, HTTPClientError>) -> Void) {
        NamedThread.start("http-client-dns") { done(resolveBlocking(host: host, port: port)) }
    }

    static func resolveBlocking(host: String, port: Int) -> Result<Address, HTTPClientError> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0, let first = list, let sockaddr = first.pointee.ai_addr else {
            let reason = status == 0 ? "no address" : String(cString: gai_strerror(status))
            return .failure(.connect("cannot resolve host \(host): \(reason)"))
        }
        var address = Address()
        let length = min(Int(first.pointee.ai_addrlen), MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutableBytes(of: &address.storage) { $0.copyMemory(from: UnsafeRawBufferPointer(start: sockaddr, count: length)) }
        address.length = socklen_t(length)
        return .success(address)
    }

    /// Opens a non-blocking, close-on-exec TCP socket with TCP_NODELAY and starts connecting.
    /// Returns the descriptor and whether the connect already completed (common on loopback).
    static func connect(to address: Address) throws(HTTPClientError) -> (fd: Int32, connected: Bool) {
        let type = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        let fd = socket(address.family, type, 0)
        guard fd >= 0 else { throw .connect("socket() failed: \(errorText(errno))") }
        HTTPSocket.setNoDelay(fd)
        var storage = address.storage
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
        }
        if result == 0 { return (fd, true) }
        let code = errno
        if code == EINPROGRESS || code == EINTR { return (fd, false) }
        close(fd)
        throw .connect("connect failed: \(errorText(code))")
    }

    /// The outcome of a non-blocking connect once the socket reported writable: 0 or an errno.
    static func pendingError(_ fd: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) != 0 { return errno }
        return value
    }

    static func errorText(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}
