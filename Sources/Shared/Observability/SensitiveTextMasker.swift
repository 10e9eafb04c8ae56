/// Finds credentials by shape in free text, for ``SecretRedactor``.
///
/// Recognised shapes, each value replaced by `***`:
/// - URL user info: `redis://user:PASSWORD@host`, `rediss://:PASSWORD@host` (any scheme);
///   the password runs from the first `:` to the last `@` before whitespace or a quote;
/// - `key=VALUE` where the key ends with `token`, `password`, `passwd`, `secret`, `api_key`,
///   `apikey` or `access_key` (so `token=`, `access_token=`, `refresh_token=` ...), case-
///   insensitive; the value runs to `&`, whitespace, a quote, `,`, `;`, `#`, `)` or `>`;
/// - `Bearer VALUE` (HTTP authorization credentials).
///
/// How it can fail: shapes not listed pass through (e.g. JSON `"token":"..."` inside a message,
/// which is why field keys are checked separately); an unencoded `/` or whitespace inside a URL
/// password ends the scan early and leaves the password visible. It may over-mask: in
/// `redis://host:6379/0?to=a@b` the text between the port colon and `@` is masked.
/// Works on UTF-8 bytes in one pass; cuts only at ASCII bytes, so the output stays valid UTF-8.
enum SensitiveTextMasker {
    static func mask(_ text: String) -> String {
        var copy = text
        let masked: String? = copy.withUTF8 { buffer in
            let ranges = findRanges(buffer)
            guard !ranges.isEmpty else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(buffer.count)
            var position = 0
            for range in ranges {
                out.append(contentsOf: buffer[position..<range.lowerBound])
                out.append(contentsOf: maskBytes)
                position = range.upperBound
            }
            out.append(contentsOf: buffer[position..<buffer.count])
            return String(decoding: out, as: UTF8.self)
        }
        return masked ?? text
    }

    private static let maskBytes: [UInt8] = Array("***".utf8)
    private static let sensitiveKeySuffixes: [[UInt8]] = [
        "token", "password", "passwd", "secret", "api_key", "apikey", "access_key",
    ].map { Array($0.utf8) }
    private static let bearer: [UInt8] = Array("bearer".utf8)

    /// Byte ranges to mask, ascending and non-overlapping.
    static func findRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == ascii(":"), index + 2 < count, bytes[index + 1] == ascii("/"), bytes[index + 2] == ascii("/") {
                if let range = urlPassword(bytes, userInfoStart: index + 3) {
                    ranges.append(range)
                    index = range.upperBound
                } else {
                    index += 3
                }
                continue
            }
            if byte == ascii("="), let range = parameterValue(bytes, equalsAt: index) {
                ranges.append(range)
                index = range.upperBound
                continue
            }
            if byte | 0x20 == ascii("b"), let range = bearerValue(bytes, at: index) {
                ranges.append(range)
                index = range.upperBound
                continue
            }
            index += 1
        }
        return ranges
    }

    private static func urlPassword(_ bytes: UnsafeBufferPointer<UInt8>, userInfoStart start: Int) -> Range<Int>? {
        var index = start
        var firstColon = -1
        var lastAt = -1
        while index < bytes.count, !isSpaceOrQuote(bytes[index]) {
            if bytes[index] == ascii("@") {
                lastAt = index
            } else if bytes[index] == ascii(":"), firstColon < 0, lastAt < 0 {
                firstColon = index
            }
            index += 1
        }
        guard firstColon >= 0, lastAt > firstColon + 1 else { return nil }
        return (firstColon + 1)..<lastAt
    }

    private static func parameterValue(_ bytes: UnsafeBufferPointer<UInt8>, equalsAt equals: Int) -> Range<Int>? {
        var keyStart = equals
        while keyStart > 0, isKeyByte(bytes[keyStart - 1]) { keyStart -= 1 }
        guard keyStart < equals else { return nil }
        let matches = sensitiveKeySuffixes.contains { suffix in
            suffix.count <= equals - keyStart && equalsIgnoringCase(bytes, at: equals - suffix.count, suffix)
        }
        guard matches else { return nil }
        var end = equals + 1
        while end < bytes.count, !isValueTerminator(bytes[end]) { end += 1 }
        return end > equals + 1 ? (equals + 1)..<end : nil
    }

    private static func bearerValue(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Range<Int>? {
        guard start == 0 || !isKeyByte(bytes[start - 1]),
              start + bearer.count < bytes.count,
              equalsIgnoringCase(bytes, at: start, bearer),
              bytes[start + bearer.count] == ascii(" ") else { return nil }
        var valueStart = start + bearer.count
        while valueStart < bytes.count, bytes[valueStart] == ascii(" ") { valueStart += 1 }
        var end = valueStart
        while end < bytes.count, !isValueTerminator(bytes[end]) { end += 1 }
        return end > valueStart ? valueStart..<end : nil
    }

    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ lower: [UInt8]) -> Bool {
        guard start >= 0, start + lower.count <= bytes.count else { return false }
        for offset in 0..<lower.count {
            var byte = bytes[start + offset]
            if byte >= ascii("A") && byte <= ascii("Z") { byte |= 0x20 }
            if byte != lower[offset] { return false }
        }
        return true
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= ascii("a") && byte <= ascii("z")) || (byte >= ascii("A") && byte <= ascii("Z"))
            || (byte >= ascii("0") && byte <= ascii("9")) || byte == ascii("_") || byte == ascii("-")
            || byte == ascii(".")
    }

    private static func isSpaceOrQuote(_ byte: UInt8) -> Bool {
        byte == ascii(" ") || byte == ascii("\t") || byte == ascii("\n") || byte == ascii("\r")
            || byte == ascii("\"") || byte == ascii("'") || byte == ascii("`") || byte == ascii("<")
            || byte == ascii(">")
    }

    private static func isValueTerminator(_ byte: UInt8) -> Bool {
        isSpaceOrQuote(byte) || byte == ascii("&") || byte == ascii(",") || byte == ascii(";")
            || byte == ascii("#") || byte == ascii(")")
    }

    @inline(__always) private static func ascii(_ scalar: Unicode.Scalar) -> UInt8 {
        UInt8(ascii: scalar)
    }
}
