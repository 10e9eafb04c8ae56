#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search and replacement on UTF-8 bytes (memchr/memcmp), for ``SecretRedactor`` and the job
/// locator. Exists because Foundation's String search is far too slow for a per-log-line path.
/// Matching is byte-exact (no Unicode normalisation or case folding); since UTF-8 is
/// self-synchronising a match always starts and ends on scalar boundaries, so replacing it
/// keeps the text valid UTF-8. It cannot fail.
enum ByteSearch {
    /// Offset of the first occurrence of `needle` in `haystack` (relative to its start).
    static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pattern in
                find(pattern, in: hay, from: 0)
            }
        }
    }

    /// `text` with every occurrence of `needle` replaced by `replacement`, or nil if none.
    static func replacingAll(_ needle: [UInt8], in text: String, with replacement: [UInt8]) -> String? {
        guard !needle.isEmpty, needle.count <= text.utf8.count else { return nil }
        var copy = text
        return copy.withUTF8 { hay in
            needle.withUnsafeBufferPointer { pattern -> String? in
                guard var match = find(pattern, in: hay, from: 0) else { return nil }
                var out: [UInt8] = []
                out.reserveCapacity(hay.count)
                var position = 0
                while true {
                    out.append(contentsOf: hay[position..<match])
                    out.append(contentsOf: replacement)
                    position = match + pattern.count
                    guard let next = find(pattern, in: hay, from: position) else { break }
                    match = next
                }
                out.append(contentsOf: hay[position..<hay.count])
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// First occurrence at or after `start`: memchr for the first byte, memcmp for the rest.
    private static func find(_ pattern: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let hayBase = hay.baseAddress, let patternBase = pattern.baseAddress, !pattern.isEmpty else {
            return nil
        }
        let first = Int32(pattern[0])
        var position = start
        let lastStart = hay.count - pattern.count
        while position <= lastStart {
            guard let hit = memchr(hayBase + position, first, lastStart - position + 1) else { return nil }
            let offset = UnsafeRawPointer(hayBase).distance(to: UnsafeRawPointer(hit))
            if memcmp(hayBase + offset, patternBase, pattern.count) == 0 { return offset }
            position = offset + 1
        }
        return nil
    }
}
