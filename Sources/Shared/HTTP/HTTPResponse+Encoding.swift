/// Serialises a response head (and body) into a reusable output buffer.
///
/// The header set is minimal and Date-free: the status line, the handler's own fields, then
/// `Content-Length`, and `Connection: close` / `keep-alive` when needed. Framing fields from the
/// handler are replaced; fields that could split the response are dropped and reported.
extension HTTPResponse {
    /// How the connection frames this particular response.
    struct Framing {
        var isHead = false
        var close = false
        var http10KeepAlive = false
    }

    /// True when the handler asked for the connection to close after this response.
    var requestsClose: Bool {
        for (name, value) in headers where HTTPHeaders.namesEqual(name, "connection") {
            if value.lowercased().split(separator: ",").contains(where: { $0.trimmingSpaces == "close" }) { return true }
        }
        return false
    }

    /// Appends the encoded response to `out`. Returns a description of any dropped field.
    @discardableResult
    func encode(into out: inout [UInt8], framing: Framing) -> String? {
        var problem: String?
        var status = status
        if status < 200 || status > 999 {
            problem = "handler returned invalid status \(status); sent 500"
            status = 500
        }
        append("HTTP/1.1 ", to: &out)
        appendDecimal(status, to: &out)
        out.append(HTTPBytes.sp)
        append(Self.reasonPhrase(status), to: &out)
        append("\r\n", to: &out)
        for (name, value) in headers {
            if Self.isFramingField(name) { continue }
            guard Self.isSafeField(name: name, value: value) else {
                problem = "dropped unsafe response header field \(name.debugDescription)"
                continue
            }
            out.append(contentsOf: name.utf8)
            append(": ", to: &out)
            out.append(contentsOf: value.utf8)
            append("\r\n", to: &out)
        }
        let bodyAllowed = status != 204 && status != 304
        if bodyAllowed {
            append("Content-Length: ", to: &out)
            appendDecimal(body.count, to: &out)
            append("\r\n", to: &out)
        }
        if framing.close {
            append("Connection: close\r\n", to: &out)
        } else if framing.http10KeepAlive {
            append("Connection: keep-alive\r\n", to: &out)
        }
        append("\r\n", to: &out)
        if bodyAllowed && !framing.isHead { out.append(contentsOf: body) }
        return problem
    }

    /// The response the server sends when it rejects a request itself.
    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        .text("\(reasonPhrase(status)): \(message)\n", status: status)
    }

    static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static func isFramingField(_ name: String) -> Bool {
        switch name.utf8.count {
        case 10: return HTTPHeaders.namesEqual(name, "connection") || HTTPHeaders.namesEqual(name, "keep-alive")
        case 14: return HTTPHeaders.namesEqual(name, "content-length")
        case 17: return HTTPHeaders.namesEqual(name, "transfer-encoding")
        default: return false
        }
    }

    private static func isSafeField(name: String, value: String) -> Bool {
        guard !name.isEmpty, name.utf8.allSatisfy(HTTPBytes.isToken) else { return false }
        return value.utf8.allSatisfy(HTTPBytes.isFieldValueByte)
    }

    @inline(__always)
    private func append(_ s: StaticString, to out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(ascii: "0") + UInt8(value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value, count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while n > 0 { buf[19 - count] = UInt8(ascii: "0") + UInt8(n % 10); n /= 10; count += 1 }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[(20 - count)...]))
        }
    }

    static func reasonPhrase(_ status: Int) -> StaticString {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 422: return "Unprocessable Content"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return "Status"
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
