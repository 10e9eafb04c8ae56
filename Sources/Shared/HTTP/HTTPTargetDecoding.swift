/// Turns a request-target into a decoded path and query pairs.
///
/// Paths are decoded strictly (`decodePath` returns nil on a bad escape, an encoded NUL, invalid
/// UTF-8 or a ".." segment, and the server answers 400); queries leniently (a bad escape stays
/// literal, invalid UTF-8 becomes U+FFFD) because they are application data.
enum HTTPTargetDecoding {
    typealias Bytes = UnsafeRawBufferPointer

    /// Decodes a whole target; nil when its path must be rejected.
    static func decode(_ target: Bytes) -> (path: String, query: [(name: String, value: String)])? {
        let (path, query) = split(target)
        guard let decoded = decodePath(path) else { return nil }
        return (decoded, parseQuery(query))
    }

    /// Splits a target into path and query (without '?'), dropping any fragment. An absolute-form
    /// target ("http://host/p?q") yields the path after the authority ("/" when there is none).
    static func split(_ target: Bytes) -> (path: Bytes, query: Bytes) {
        var end = HTTPBytes.find(UInt8(ascii: "#"), in: target, from: 0) ?? target.count
        var start = 0
        if let first = target.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "*"),
           let colon = HTTPBytes.find(UInt8(ascii: ":"), in: target, from: 0), colon + 2 < end,
           target[colon + 1] == UInt8(ascii: "/"), target[colon + 2] == UInt8(ascii: "/") {
            start = colon + 3
            while start < end, target[start] != UInt8(ascii: "/"), target[start] != UInt8(ascii: "?") { start += 1 }
        }
        var query = Bytes(start: nil, count: 0)
        if let q = HTTPBytes.find(UInt8(ascii: "?"), in: Bytes(rebasing: target[..<end]), from: start) {
            query = Bytes(rebasing: target[(q + 1)..<end])
            end = q
        }
        return (Bytes(rebasing: target[start..<end]), query)
    }

    /// Strict percent-decoding of a path; nil when the path must be rejected. Empty means "/".
    static func decodePath(_ bytes: Bytes) -> String? {
        if bytes.isEmpty { return "/" }
        guard HTTPBytes.find(UInt8(ascii: "%"), in: bytes, from: 0) != nil else {
            if hasDotDotSegment(bytes) { return nil }
            return String(validating: bytes, as: UTF8.self)
        }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let hi = HTTPBytes.hexValue(bytes[i + 1]),
                      let lo = HTTPBytes.hexValue(bytes[i + 2]) else { return nil }
                let v = UInt8(hi << 4 | lo)
                if v == 0 { return nil }
                out.append(v)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        return out.withUnsafeBytes { decoded in
            hasDotDotSegment(decoded) ? nil : String(validating: decoded, as: UTF8.self)
        }
    }

    private static func hasDotDotSegment(_ p: Bytes) -> Bool {
        let dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")
        var from = 0
        while let i = HTTPBytes.find(dot, in: p, from: from) {
            if i + 1 < p.count, p[i + 1] == dot, i == 0 || p[i - 1] == slash,
               i + 2 == p.count || p[i + 2] == slash {
                return true
            }
            from = i + 1
        }
        return false
    }

    /// Form-style query parsing: pairs split on '&', name and value on the first '='.
    static func parseQuery(_ bytes: Bytes) -> [(name: String, value: String)] {
        if bytes.isEmpty { return [] }
        var result: [(name: String, value: String)] = []
        var start = 0
        while start <= bytes.count {
            let end = HTTPBytes.find(UInt8(ascii: "&"), in: bytes, from: start) ?? bytes.count
            if end > start {
                let part = Bytes(rebasing: bytes[start..<end])
                if let eq = HTTPBytes.find(UInt8(ascii: "="), in: part, from: 0) {
                    result.append((decodeForm(Bytes(rebasing: part[..<eq])),
                                   decodeForm(Bytes(rebasing: part[(eq + 1)...]))))
                } else {
                    result.append((decodeForm(part), ""))
                }
            }
            start = end + 1
        }
        return result
    }

    /// '+' becomes a space, valid %XX escapes are decoded, anything else is kept as is.
    static func decodeForm(_ bytes: Bytes) -> String {
        if HTTPBytes.find(UInt8(ascii: "%"), in: bytes, from: 0) == nil,
           HTTPBytes.find(UInt8(ascii: "+"), in: bytes, from: 0) == nil {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(HTTPBytes.sp)
            } else if b == UInt8(ascii: "%"), i + 2 < bytes.count,
                      let hi = HTTPBytes.hexValue(bytes[i + 1]), let lo = HTTPBytes.hexValue(bytes[i + 2]) {
                out.append(UInt8(hi << 4 | lo))
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
