/// The line-level rules of `HTTPResponseParser`: status line, header fields, the framing decision
/// at the end of a head, and chunk-size lines.
extension HTTPResponseParser {
    /// "HTTP/1.x SP 3DIGIT [SP reason]".
    mutating func parseStatusLine(_ raw: UnsafeRawBufferPointer) throws(HTTPClientError) {
        let prefix: [UInt8] = Array("HTTP/1.".utf8)
        guard raw.count >= 12, raw.prefix(7).elementsEqual(prefix),
              raw[7] == UInt8(ascii: "0") || raw[7] == UInt8(ascii: "1"),
              raw[8] == HTTPBytes.sp else {
            throw .malformedResponse("invalid status line")
        }
        var code = 0
        for i in 9..<12 {
            let digit = raw[i]
            guard digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") else {
                throw .malformedResponse("invalid status code")
            }
            code = code * 10 + Int(digit - UInt8(ascii: "0"))
        }
        guard code >= 100, raw.count == 12 || raw[12] == HTTPBytes.sp else {
            throw .malformedResponse("invalid status code")
        }
        status = code
        framing.isHTTP10 = raw[7] == UInt8(ascii: "0")
    }

    /// "name: value", name a token, value free of CTLs. Obsolete line folding is rejected.
    mutating func parseHeaderLine(_ raw: UnsafeRawBufferPointer) throws(HTTPClientError) {
        guard let colon = HTTPBytes.find(HTTPBytes.colon, in: raw, from: 0), colon > 0 else {
            throw .malformedResponse("invalid header line")
        }
        let name = UnsafeRawBufferPointer(rebasing: raw[..<colon])
        guard HTTPBytes.isAllToken(name) else { throw .malformedResponse("invalid header name") }
        let value = HTTPBytes.trimOWS(UnsafeRawBufferPointer(rebasing: raw[(colon + 1)...]))
        for b in value where !HTTPBytes.isFieldValueByte(b) {
            throw .malformedResponse("control byte in a header value")
        }
        if HTTPBytes.equalsLowercase(name, "content-length") {
            try noteContentLength(value)
        } else if HTTPBytes.equalsLowercase(name, "transfer-encoding") {
            framing.hasTransferEncoding = true
            var last: UnsafeRawBufferPointer?
            HTTPBytes.forEachListElement(value) { if !$0.isEmpty { last = $0 } }
            framing.isChunked = last.map { HTTPBytes.equalsLowercase($0, "chunked") } ?? false
        } else if HTTPBytes.equalsLowercase(name, "connection") {
            HTTPBytes.forEachListElement(value) { token in
                if HTTPBytes.equalsLowercase(token, "close") { framing.connectionClose = true }
                if HTTPBytes.equalsLowercase(token, "keep-alive") { framing.connectionKeepAlive = true }
            }
        }
        headers.append((HTTPBytes.string(name), HTTPBytes.string(value)))
    }

    /// Content-Length: digits only, repeated values must agree ("5, 5" is one value).
    private mutating func noteContentLength(_ value: UnsafeRawBufferPointer) throws(HTTPClientError) {
        var failure: HTTPClientError?
        HTTPBytes.forEachListElement(value) { element in
            guard failure == nil else { return }
            guard !element.isEmpty, element.count <= 18,
                  element.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                failure = .malformedResponse("invalid Content-Length")
                return
            }
            let length = element.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            if let known = framing.contentLength, known != length {
                failure = .malformedResponse("conflicting Content-Length values")
            }
            framing.contentLength = length
        }
        if let failure { throw failure }
    }

    /// The blank line after the fields: skips 1xx answers, then picks how the body is framed.
    mutating func endOfHead() throws(HTTPClientError) {
        if status < 200 && status != 101 {
            resetForNextHead() // 100 Continue, 102, 103: the final answer follows
            return
        }
        let f = framing
        let persistent = f.isHTTP10 ? (f.connectionKeepAlive && !f.connectionClose) : !f.connectionClose
        setKeepAlive(persistent && status != 101)
        if isHeadRequest || status == 101 || status == 204 || status == 304 {
            setState(.done)
        } else if f.hasTransferEncoding {
            if f.contentLength != nil { setKeepAlive(false) } // both present: smuggling-prone, do not reuse
            if f.isChunked {
                setState(.chunkSize)
            } else {
                setKeepAlive(false)
                setState(.untilClose)
            }
        } else if let length = f.contentLength {
            guard length <= maxBodyBytes else { throw tooLargeBody() }
            reserveBody(length)
            setState(length == 0 ? .done : .body(remaining: length))
        } else {
            setKeepAlive(false)
            setState(.untilClose)
        }
    }

    /// "1*HEXDIG [BWS ; extensions]". At most 15 hex digits, so the size cannot overflow.
    func parseChunkSize(_ raw: UnsafeRawBufferPointer) throws(HTTPClientError) -> Int {
        var size = 0
        var digits = 0
        var index = 0
        while index < raw.count, let digit = HTTPBytes.hexValue(raw[index]) {
            size = size << 4 | digit
            digits += 1
            index += 1
            if digits > 15 { throw .malformedResponse("chunk size too long") }
        }
        guard digits > 0 else { throw .malformedResponse("invalid chunk size") }
        while index < raw.count, raw[index] == HTTPBytes.sp || raw[index] == HTTPBytes.htab { index += 1 }
        guard index == raw.count || raw[index] == UInt8(ascii: ";") else {
            throw .malformedResponse("invalid chunk size")
        }
        return size
    }
}
