/// The parser's framing decisions (RFC 9112 §6): which fields matter, how long the body is, and
/// how chunks are sized. Ambiguity is rejected rather than guessed: Content-Length together with
/// Transfer-Encoding, differing or non-numeric Content-Length values, a coding list not ending in
/// "chunked" (400) or with codings we cannot decode (501), and sizes over `maxBodyBytes` (413).
extension HTTPRequestParser {
    /// Records the fields that decide framing and connection handling.
    mutating func inspectField(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        switch name.count {
        case 4 where HTTPBytes.equalsLowercase(name, "host"):
            head.hostCount += 1
        case 6 where HTTPBytes.equalsLowercase(name, "expect"):
            if HTTPBytes.equalsLowercase(value, "100-continue") { head.expectContinue = true } else { head.expectOther = true }
        case 10 where HTTPBytes.equalsLowercase(name, "connection"):
            HTTPBytes.forEachListElement(value) { token in
                if HTTPBytes.equalsLowercase(token, "close") { head.connectionClose = true }
                if HTTPBytes.equalsLowercase(token, "keep-alive") { head.connectionKeepAlive = true }
            }
        case 14 where HTTPBytes.equalsLowercase(name, "content-length"):
            var invalid = false
            HTTPBytes.forEachListElement(value) { element in
                guard let n = Self.parseContentLength(element) else { invalid = true; return }
                if let previous = head.contentLength, previous != n { invalid = true }
                head.contentLength = n
            }
            if invalid { throw HTTPParseError.badRequest("invalid or conflicting Content-Length") }
        case 17 where HTTPBytes.equalsLowercase(name, "transfer-encoding"):
            if head.transferEncoding == nil {
                head.transferEncoding = Array(value)
            } else {
                head.transferEncoding!.append(UInt8(ascii: ","))
                head.transferEncoding!.append(contentsOf: value)
            }
        default:
            break
        }
    }

    /// Decimal digits only; values too large for memory saturate (and are then rejected as 413).
    static func parseContentLength(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var n = 0
        for b in bytes {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            n = n > (Int.max - 9) / 10 ? Int.max : n * 10 + Int(b - UInt8(ascii: "0"))
        }
        return n
    }

    // MARK: - Framing

    mutating func endOfHead(bytesAfter: Int) throws -> Event? {
        if !head.isHTTP10 && head.hostCount != 1 { throw HTTPParseError.badRequest("missing or repeated Host") }
        var chunked = false
        if let te = head.transferEncoding {
            if head.contentLength != nil { throw HTTPParseError.badRequest("both Content-Length and Transfer-Encoding") }
            if head.isHTTP10 { throw HTTPParseError.badRequest("Transfer-Encoding in HTTP/1.0") }
            chunked = try te.withUnsafeBytes { try Self.isExactlyChunked($0) }
        }
        if head.expectOther { throw HTTPParseError.expectationFailed }
        if chunked {
            state = .chunkSize
        } else if let length = head.contentLength, length > 0 {
            if length > maxBody { throw HTTPParseError.bodyTooLarge }
            body.reserveCapacity(min(length, 256 * 1024))
            remaining = length
            state = .body
        } else {
            return .request(finish())
        }
        return head.expectContinue && !head.isHTTP10 && bytesAfter == 0 ? .continueExpected : nil
    }

    /// True for exactly "chunked". A list ending in chunked with other codings is 501 (we decode
    /// none of them); a list not ending in chunked, or with a non-token element, is 400 (RFC 9112 §6.3).
    static func isExactlyChunked(_ te: UnsafeRawBufferPointer) throws -> Bool {
        var count = 0
        var lastIsChunked = false
        var malformed = false
        HTTPBytes.forEachListElement(te) { coding in
            count += 1
            if !HTTPBytes.isAllToken(coding) { malformed = true }
            lastIsChunked = HTTPBytes.equalsLowercase(coding, "chunked")
        }
        if malformed || !lastIsChunked { throw HTTPParseError.badRequest("invalid Transfer-Encoding") }
        if count > 1 { throw HTTPParseError.codingNotImplemented }
        return true
    }

    mutating func parseChunkSize(_ line: UnsafeRawBufferPointer) throws -> Int {
        var i = 0
        var size = 0
        let budget = maxBody - body.count
        while i < line.count, let digit = HTTPBytes.hexValue(line[i]) {
            size = size * 16 + digit
            if size > budget { throw HTTPParseError.bodyTooLarge }
            i += 1
        }
        if i == 0 { throw HTTPParseError.badRequest("invalid chunk size") }
        while i < line.count, line[i] == HTTPBytes.sp || line[i] == HTTPBytes.htab { i += 1 }
        if i < line.count {
            guard line[i] == UInt8(ascii: ";") else { throw HTTPParseError.badRequest("invalid chunk size") }
            for b in line[i...] where !HTTPBytes.isFieldValueByte(b) {
                throw HTTPParseError.badRequest("invalid chunk extension")
            }
        }
        return size
    }
}
