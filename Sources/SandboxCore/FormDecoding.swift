/// `application/x-www-form-urlencoded` bodies (the telephony API, PF §2.2): `a=1&b=x+y%20z`. Invalid
/// percent escapes or UTF-8 make `decode` return nil (the caller answers "Invalid parameters"); a repeated
/// name keeps its first value.
public enum FormDecoding {
    public static func decode(_ body: [UInt8]) -> [String: String]? {
        var out: [String: String] = [:]
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(parts[0]), let value = parts.count > 1 ? unescape(parts[1]) : "" else { return nil }
            if out[name] == nil { out[name] = value }
        }
        return out
    }

    static func unescape(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") { out.append(0x20); i += 1; continue }
            if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 3
                continue
            }
            out.append(b)
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Encodes pairs (used by tests and tools).
    public static func encode(_ pairs: [(String, String)]) -> String {
        func esc(_ s: String) -> String {
            var out = ""
            for b in s.utf8 {
                switch b {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                    out.append(Character(Unicode.Scalar(b)))
                default:
                    let h = Array("0123456789ABCDEF")
                    out += "%\(h[Int(b >> 4)])\(h[Int(b & 0xF)])"
                }
            }
            return out
        }
        return pairs.map { "\(esc($0.0))=\(esc($0.1))" }.joined(separator: "&")
    }
}
