import Glibc

/// A connection's input bytes: one reusable array with a read window [start, end).
///
/// `recv` writes straight into the free tail; consumed bytes are dropped by moving `start`, and the
/// window is slid back to index 0 (memmove) only when the tail runs out. It grows only when a
/// single unfinished line fills it, which the parser's limits bound; it never holds a whole body.
struct HTTPReadBuffer {
    /// First allocation: a typical request head fits; bigger heads double it as needed.
    static let initialCapacity = 8 * 1024

    private var storage: [UInt8]
    private var start = 0
    private var end = 0

    init(capacity: Int = HTTPReadBuffer.initialCapacity) {
        storage = [UInt8](repeating: 0, count: capacity)
    }

    var count: Int { end - start }
    var isEmpty: Bool { end == start }

    mutating func consume(_ n: Int) {
        start += n
        if start == end { start = 0; end = 0 }
    }

    mutating func removeAll() { start = 0; end = 0 }

    func withReadableBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Makes room for a useful read: slides the window to the front when the free tail is short,
    /// and doubles the storage when the unread bytes fill it.
    private mutating func prepareTail() {
        if storage.count - end >= storage.count / 4 { return }
        if start > 0 {
            let n = count
            storage.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + start, n)
            }
            start = 0
            end = n
        }
        if end == storage.count {
            storage.append(contentsOf: repeatElement(0, count: storage.count))
        }
    }

    /// One `recv` into the free tail. Returns the result of recv (bytes, 0 at EOF, -1 with errno)
    /// and whether it filled all the space offered (if not, the socket was drained at that moment).
    mutating func read(from fd: Int32) -> (result: Int, filled: Bool) {
        prepareTail()
        let space = storage.count - end
        let received = storage.withUnsafeMutableBytes { raw in
            recv(fd, raw.baseAddress! + end, space, 0)
        }
        if received > 0 { end += received }
        return (received, received == space)
    }
}
