import Glibc

/// Thin wrappers over the Glibc socket calls the server needs: the listening socket, peer address
/// formatting, socket options and the monotonic clock. Failures become `HTTPServerError`s.
enum HTTPSocket {
    /// Pending-connection queue for listen(2): absorbs bursts; the kernel caps it at somaxconn.
    static let listenBacklog: Int32 = 1024

    /// Creates a non-blocking listening socket with SO_REUSEADDR. Returns it and the bound port.
    static func listen(host: String, port: Int) throws -> (fd: Int32, port: Int) {
        guard (0...65535).contains(port) else { throw HTTPServerError.invalidAddress("\(host):\(port)") }
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        let isV6: Bool
        let name = host == "localhost" ? "127.0.0.1" : host
        if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
            isV6 = false
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
        } else if inet_pton(AF_INET6, name.trimmingBrackets, &v6.sin6_addr) == 1 {
            isV6 = true
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
        } else {
            throw HTTPServerError.invalidAddress(host)
        }
        let fd = socket(isV6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError.systemError(operation: "socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound: Int32 = isV6
            ? withUnsafePointer(to: &v6) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
            : withUnsafePointer(to: &v4) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        if bound != 0 {
            let code = errno
            close(fd)
            if code == EADDRINUSE { throw HTTPServerError.addressInUse(host: host, port: port) }
            throw HTTPServerError.systemError(operation: "bind", errno: code)
        }
        if Glibc.listen(fd, listenBacklog) != 0 {
            let code = errno
            close(fd)
            throw HTTPServerError.systemError(operation: "listen", errno: code)
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, addressAndPort(storage).port)
    }

    /// "127.0.0.1:54321" or "[::1]:54321".
    static func describe(_ storage: sockaddr_storage) -> String {
        let (address, port) = addressAndPort(storage)
        return storage.ss_family == sa_family_t(AF_INET6) ? "[\(address)]:\(port)" : "\(address):\(port)"
    }

    static func addressAndPort(_ storage: sockaddr_storage) -> (address: String, port: Int) {
        withUnsafeBytes(of: storage) { raw in
            var text = [UInt8](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
            let port: UInt16
            if storage.ss_family == sa_family_t(AF_INET6) {
                let sin6 = raw.loadUnaligned(as: sockaddr_in6.self)
                var addr = sin6.sin6_addr
                _ = text.withUnsafeMutableBufferPointer { inet_ntop(AF_INET6, &addr, $0.baseAddress, socklen_t($0.count)) }
                port = UInt16(bigEndian: sin6.sin6_port)
            } else {
                let sin = raw.loadUnaligned(as: sockaddr_in.self)
                var addr = sin.sin_addr
                _ = text.withUnsafeMutableBufferPointer { inet_ntop(AF_INET, &addr, $0.baseAddress, socklen_t($0.count)) }
                port = UInt16(bigEndian: sin.sin_port)
            }
            let length = text.firstIndex(of: 0) ?? text.count
            return (String(decoding: text[..<length], as: UTF8.self), Int(port))
        }
    }

    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// CLOCK_MONOTONIC in nanoseconds (vDSO, no syscall).
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

extension String {
    fileprivate var trimmingBrackets: String {
        hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : self
    }
}
