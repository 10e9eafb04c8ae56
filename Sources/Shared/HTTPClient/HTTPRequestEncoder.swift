/// Serializes a request head and body into the bytes written to a plain HTTP/1.1 connection.
///
/// Exists so framing is decided in one place: `Host` (unless the caller gave one), `Content-Length`
/// (always with a body; `0` only for methods that normally carry one), the caller's fields, and
/// `Connection: keep-alive`. Throws `invalidRequest` for a method that is not a token or a header
/// field with bytes that could split the request (CR, LF, NUL); the message never quotes values.
enum HTTPRequestEncoder {
    /// Fields the encoder owns; copies given by the caller are dropped.
    static func isFramingField(_ name: String) -> Bool {
        HTTPClientResponse.namesEqual(name, "Content-Length")
            || HTTPClientResponse.namesEqual(name, "Transfer-Encoding")
            || HTTPClientResponse.namesEqual(name, "Connection")
    }

    /// Checks the method and every header field without encoding anything.
    static func validate(_ request: HTTPClientRequest) throws(HTTPClientError) {
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(HTTPBytes.isToken) else {
            throw .invalidRequest("method is not a valid token")
        }
        for (name, value) in request.headers {
            guard !name.isEmpty, name.utf8.allSatisfy(HTTPBytes.isToken) else {
                throw .invalidRequest("header name is not a valid token")
            }
            guard value.utf8.allSatisfy(HTTPBytes.isFieldValueByte) else {
                throw .invalidRequest("value of header '\(name)' contains CR, LF or control bytes")
            }
        }
    }

    static func encode(_ request: HTTPClientRequest, target: HTTPClientTarget) throws(HTTPClientError) -> [UInt8] {
        try validate(request)
        var out: [UInt8] = []
        out.reserveCapacity(256 + request.body.count)
        func append(_ s: String) { out.append(contentsOf: s.utf8) }
        append(request.method)
        out.append(HTTPBytes.sp)
        append(target.requestTarget)
        append(" HTTP/1.1\r\n")
        var callerGaveHost = false
        for (name, _) in request.headers where HTTPClientResponse.namesEqual(name, "Host") { callerGaveHost = true }
        if !callerGaveHost {
            append("Host: ")
            append(target.hostHeader)
            append("\r\n")
        }
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            append("Content-Length: ")
            append(String(request.body.count))
            append("\r\n")
        }
        for (name, value) in request.headers where !isFramingField(name) {
            append(name)
            append(": ")
            append(value)
            append("\r\n")
        }
        append("Connection: keep-alive\r\n\r\n")
        out.append(contentsOf: request.body)
        return out
    }
}
