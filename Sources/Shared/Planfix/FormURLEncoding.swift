/// `application/x-www-form-urlencoded` encoding as browsers and Planfix's telephony endpoint expect it: UTF-8
/// bytes; ASCII letters, digits and `*-._` kept; space as `+`; every other byte as `%XX` (upper-case hex), so
/// `+` becomes `%2B`, `&` `%26`, `%` `%25`, `=` `%3D`, and Cyrillic letters their UTF-8 percent-escapes.
///
/// How it fails: it cannot; names and values are arbitrary strings.
public enum FormURLEncoding {
    /// Encodes pairs in order, `name=value` joined by `&`.
    public static func encode(_ pairs: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            escape(pair.0, into: &out)
            out.append(UInt8(ascii: "="))
            escape(pair.1, into: &out)
        }
        return out
    }

    /// Decodes a form body (for tests and the sandbox): `+` is a space, `%XX` a byte; malformed escapes are kept.
    public static func decode(_ body: [UInt8]) -> [(String, String)] {
        guard !body.isEmpty else { return [] }
        return body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(Array(pieces[0])), pieces.count > 1 ? unescape(Array(pieces[1])) : "")
        }
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func escape(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
    }

    private static func unescape(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%"), i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
