import Glibc

/// The Linux calls the Glibc Swift module does not import (<sys/epoll.h>, <sys/eventfd.h>,
/// accept4), bound at run time with `dlsym` to their exact C signatures, plus their constants.
///
/// Resolution happens once; `check()` throws when a symbol is missing (a non-Linux libc), so the
/// server fails at `start()` instead of crashing later. `epoll_event` is handled as raw bytes
/// because its layout differs by architecture (packed, 12 bytes, on x86_64; 16 bytes elsewhere).
enum HTTPLinux {
    static let EPOLLIN: UInt32 = 0x001
    static let EPOLLOUT: UInt32 = 0x004
    static let EPOLLERR: UInt32 = 0x008
    static let EPOLLHUP: UInt32 = 0x010
    static let EPOLLRDHUP: UInt32 = 0x2000
    static let EPOLLEXCLUSIVE: UInt32 = 1 << 28
    static let EPOLLET: UInt32 = 1 << 31
    static let EPOLL_CTL_ADD: Int32 = 1
    static let EPOLL_CTL_DEL: Int32 = 2
    static let EPOLL_CLOEXEC: Int32 = 0o2_000_000
    static let EFD_CLOEXEC: Int32 = 0o2_000_000
    static let EFD_NONBLOCK: Int32 = 0o4_000

    #if arch(x86_64)
    static let epollEventSize = 12
    static let epollDataOffset = 4
    #else
    static let epollEventSize = 16
    static let epollDataOffset = 8
    #endif

    private typealias EpollCreate1 = @convention(c) (Int32) -> Int32
    private typealias EpollCtl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias EpollWait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    private typealias EventFD = @convention(c) (UInt32, Int32) -> Int32
    private typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?,
                                                UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    private struct Symbols: @unchecked Sendable {
        let epollCreate1: EpollCreate1
        let epollCtl: EpollCtl
        let epollWait: EpollWait
        let eventfd: EventFD
        let accept4: Accept4
    }

    private static let symbols: Symbols? = {
        let handle = dlopen(nil, RTLD_NOW)
        func lookup<T>(_ name: String, as type: T.Type) -> T? {
            guard let pointer = dlsym(handle, name) else { return nil }
            return unsafeBitCast(pointer, to: type)
        }
        guard let create = lookup("epoll_create1", as: EpollCreate1.self),
              let ctl = lookup("epoll_ctl", as: EpollCtl.self),
              let wait = lookup("epoll_wait", as: EpollWait.self),
              let efd = lookup("eventfd", as: EventFD.self),
              let acc = lookup("accept4", as: Accept4.self) else { return nil }
        return Symbols(epollCreate1: create, epollCtl: ctl, epollWait: wait, eventfd: efd, accept4: acc)
    }()

    static func check() throws {
        if symbols == nil { throw HTTPServerError.systemError(operation: "dlsym(epoll_*, eventfd, accept4)", errno: ENOSYS) }
    }

    static func epollCreate() -> Int32 { symbols!.epollCreate1(EPOLL_CLOEXEC) }

    static func eventfd() -> Int32 { symbols!.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC) }

    /// epoll_ctl with a freshly built event; `events`/`token` are ignored for EPOLL_CTL_DEL.
    static func epollCtl(_ epfd: Int32, _ op: Int32, _ fd: Int32, events: UInt32, token: UInt64) -> Int32 {
        var raw: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &raw) { buffer in
            buffer.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            buffer.storeBytes(of: token, toByteOffset: epollDataOffset, as: UInt64.self)
            return symbols!.epollCtl(epfd, op, fd, buffer.baseAddress)
        }
    }

    static func epollWait(_ epfd: Int32, _ buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int32) -> Int32 {
        symbols!.epollWait(epfd, buffer.baseAddress, Int32(buffer.count / epollEventSize), timeoutMilliseconds)
    }

    /// Reads event `index` of an epoll_wait result buffer.
    static func event(_ buffer: UnsafeMutableRawBufferPointer, _ index: Int) -> (events: UInt32, token: UInt64) {
        let base = index * epollEventSize
        return (buffer.loadUnaligned(fromByteOffset: base, as: UInt32.self),
                buffer.loadUnaligned(fromByteOffset: base + epollDataOffset, as: UInt64.self))
    }

    static func accept4(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?,
                        _ length: UnsafeMutablePointer<socklen_t>?, flags: Int32) -> Int32 {
        symbols!.accept4(fd, address, length, flags)
    }
}
