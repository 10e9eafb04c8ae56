/// Encodes an ordered list of string key/value pairs as one JSON object on one line.
///
/// Exists because JSONEncoder/JSONSerialization do not keep key order and are slow for a hot
/// logging path. Only strings are emitted (every value is a JSON string), which keeps the
/// output trivially valid. Escaping follows RFC 8259: `"` and `\` are escaped, control
/// characters U+0000...U+001F become `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`, and everything
/// else (including non-ASCII) is copied as UTF-8, so the result never contains a raw newline.
/// It cannot fail; duplicate keys are the caller's responsibility.
public enum JSONLineEncoder {
    /// `{"k1":"v1","k2":"v2"}` in the given order, no trailing newline.
    public static func encode(_ pairs: [(key: String, value: String)]) -> String {
        var estimate = 2
        for pair in pairs { estimate += pair.key.utf8.count + pair.value.utf8.count + 6 }
        var out: [UInt8] = []
        out.reserveCapacity(estimate + estimate / 8)
        out.append(UInt8(ascii: "{"))
        var first = true
        for pair in pairs {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendQuoted(pair.key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendQuoted(pair.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON string literal for `text`, quotes included.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `"text"`, escaped, to `out` as UTF-8.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var copy = text
        copy.withUTF8 { bytes in
            if bytes.contains(where: isSpecial) {
                appendEscaped(bytes, to: &out)
            } else {
                out.append(contentsOf: bytes)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    @inline(__always) private static func isSpecial(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), backslash: out.append(backslash); out.append(byte)
            case 0x0A: out.append(backslash); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(backslash); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(backslash); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(backslash); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(backslash); out.append(UInt8(ascii: "f"))
            case 0x00..<0x20:
                out.append(backslash)
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            default:
                out.append(byte)
            }
        }
    }

    @inline(__always) private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
