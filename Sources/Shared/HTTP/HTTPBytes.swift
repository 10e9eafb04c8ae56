import Glibc

/// Byte-level helpers shared by the parser and the encoder: character classes from RFC 9110/9112,
/// ASCII case folding and `memchr` scans. Everything works on raw bytes; no Foundation.
enum HTTPBytes {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// `tchar` from RFC 9110 §5.6.2: the bytes allowed in methods, header names and codings.
    static let tokenTable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(b)] = true }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(b)] = true }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(b)] = true }
        for c in "!#$%&'*+-.^_`|~".utf8 { table[Int(c)] = true }
        return table
    }()

    @inline(__always)
    static func isToken(_ b: UInt8) -> Bool { tokenTable[Int(b)] }

    /// Field-value bytes: visible ASCII, SP, HTAB and obs-text; never NUL, CR, LF or other CTLs.
    @inline(__always)
    static func isFieldValueByte(_ b: UInt8) -> Bool { b == htab || (b >= 0x20 && b != 0x7F) }

    static func isAllToken(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bytes.isEmpty { return false }
        for b in bytes where !tokenTable[Int(b)] { return false }
        return true
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    /// True when both byte runs are equal ignoring ASCII case (lengths must match).
    static func equalsIgnoringCase(_ a: UnsafeRawBufferPointer, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where lower(a[i]) != lower(b[i]) { return false }
        return true
    }

    /// Compares `bytes` with a lowercase ASCII literal, ignoring the case of `bytes`.
    static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { lit in
            for i in 0..<lit.count where lower(bytes[i]) != lit[i] { return false }
            return true
        }
    }

    /// Index of the first `byte` in `buffer[from...]`, using libc `memchr`.
    @inline(__always)
    static func find(_ byte: UInt8, in buffer: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from < buffer.count, let base = buffer.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), buffer.count - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// Strips leading and trailing SP/HTAB (optional whitespace, RFC 9110 §5.6.3).
    static func trimOWS(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var lo = 0, hi = bytes.count
        while lo < hi, bytes[lo] == sp || bytes[lo] == htab { lo += 1 }
        while hi > lo, bytes[hi - 1] == sp || bytes[hi - 1] == htab { hi -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[lo..<hi])
    }

    /// Calls `body` with each comma-separated element, OWS-trimmed (empty elements included).
    static func forEachListElement(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while true {
            let end = find(UInt8(ascii: ","), in: bytes, from: start) ?? bytes.count
            body(trimOWS(UnsafeRawBufferPointer(rebasing: bytes[start..<end])))
            if end >= bytes.count { return }
            start = end + 1
        }
    }

    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(b &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(b &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(b &- UInt8(ascii: "A") &+ 10)
        default: return nil
        }
    }

    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
