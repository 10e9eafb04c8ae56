/// Incremental HTTP/1.0 and 1.1 request parser: a pure state machine over bytes, no I/O.
///
/// Feed it the unconsumed bytes of a connection; it returns how many it consumed and one event.
/// It consumes whole lines only (a partial line stays with the caller, rescanned from where the last
/// scan stopped) and body bytes as they come, so the caller's buffer never has to hold a whole body.
/// It fails (once, then stays failed) with the status to answer: malformed syntax and ambiguous
/// framing 400, request line too long 414, header block too large 431, body too large 413 (decided
/// from Content-Length before the body is read, or while chunks are decoded), unsupported version
/// 505, unsupported transfer coding 501, unsupported Expect 417. Trailers are checked and dropped.
struct HTTPRequestParser {
    /// A complete request plus what the connection needs to frame the response.
    struct Parsed: Sendable {
        var request: HTTPRequest
        var keepAlive: Bool
        var isHead: Bool
        var isHTTP10: Bool
    }

    enum Event {
        case needMore
        /// The head asked for `Expect: 100-continue` and no body byte has arrived yet.
        case continueExpected
        case request(Parsed)
        case error(HTTPParseError)
    }

    enum State { case requestLine, headers, body, chunkSize, chunkData, chunkDataEnd, trailers, failed }

    /// Longest chunk-size line with extensions: real extensions are a few bytes; bounds scanning.
    static let maxChunkLineBytes = 4 * 1024

    private let maxRequestLine: Int
    private let maxHeaderBytes: Int
    private let maxHeaderCount: Int
    let maxBody: Int

    // Internal (not private) only where HTTPRequestParser+Framing.swift needs it.
    var state = State.requestLine
    var remaining = 0                 // bytes left in the Content-Length body or current chunk
    var head = Head()
    var body: [UInt8] = []
    private var scanned = 0           // bytes of the current partial line already searched for LF
    private var leadingEmptyBytes = 0 // empty lines before the request line (tolerated, bounded)
    private var blockBytes = 0        // header (or trailer) block bytes so far
    private var fieldCount = 0

    /// What the head said, reset for each request.
    struct Head {
        var method = ""
        var target = ""
        var path = ""
        var query: [(name: String, value: String)] = []
        var isHTTP10 = false
        var headers = HTTPHeaders()
        var contentLength: Int?
        var transferEncoding: [UInt8]?
        var connectionClose = false
        var connectionKeepAlive = false
        var expectContinue = false
        var expectOther = false
        var hostCount = 0
    }

    init(limits: HTTPServerLimits) {
        maxRequestLine = limits.maxRequestLineBytes
        maxHeaderBytes = limits.maxHeaderBytes
        maxHeaderCount = limits.maxHeaderCount
        maxBody = limits.maxBodyBytes
    }

    /// True between requests: no byte of the next request has been consumed.
    var isAtRequestStart: Bool { state == .requestLine && leadingEmptyBytes == 0 }

    /// Parses from the start of `buffer`; the caller must drop the `consumed` bytes before the next call.
    mutating func parse(_ buffer: UnsafeRawBufferPointer) -> (consumed: Int, event: Event) {
        var pos = 0
        while true {
            switch state {
            case .failed:
                return (pos, .error(.badRequest("parser already failed")))
            case .body, .chunkData:
                let available = buffer.count - pos
                if available == 0 { return (pos, .needMore) }
                let take = min(remaining, available)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[pos..<(pos + take)]))
                pos += take
                remaining -= take
                if remaining > 0 { return (pos, .needMore) }
                if state == .body { return (pos, .request(finish())) }
                state = .chunkDataEnd
            case .requestLine, .headers, .chunkSize, .chunkDataEnd, .trailers:
                guard let lf = HTTPBytes.find(HTTPBytes.lf, in: buffer, from: pos + scanned) else {
                    scanned = buffer.count - pos
                    if let error = partialLineError(scanned) { return fail(error, pos) }
                    return (pos, .needMore)
                }
                let lineBytes = lf + 1 - pos
                let end = (lf > pos && buffer[lf - 1] == HTTPBytes.cr) ? lf - 1 : lf
                let line = UnsafeRawBufferPointer(rebasing: buffer[pos..<end])
                pos = lf + 1
                scanned = 0
                do {
                    if let event = try handleLine(line, lineBytes: lineBytes, bytesAfter: buffer.count - pos) {
                        return (pos, event)
                    }
                } catch let error as HTTPParseError {
                    return fail(error, pos)
                } catch {
                    return fail(.badRequest("\(error)"), pos)
                }
            }
        }
    }

    /// Convenience for tests and callers holding an array.
    mutating func parse(_ bytes: [UInt8]) -> (consumed: Int, event: Event) {
        bytes.withUnsafeBytes { parse($0) }
    }

    private mutating func fail(_ error: HTTPParseError, _ pos: Int) -> (consumed: Int, event: Event) {
        state = .failed
        return (pos, .error(error))
    }

    /// Limits that can be exceeded before a line is even complete.
    private func partialLineError(_ n: Int) -> HTTPParseError? {
        switch state {
        case .requestLine: return n > maxRequestLine + 1 ? .requestLineTooLong : nil
        case .headers, .trailers: return blockBytes + n > maxHeaderBytes ? .headersTooLarge : nil
        case .chunkSize: return n > Self.maxChunkLineBytes ? .badRequest("chunk size line too long") : nil
        case .chunkDataEnd: return n > 1 ? .badRequest("chunk data not followed by CRLF") : nil
        default: return nil
        }
    }

    private mutating func handleLine(_ line: UnsafeRawBufferPointer, lineBytes: Int, bytesAfter: Int) throws -> Event? {
        switch state {
        case .requestLine:
            if line.isEmpty {
                leadingEmptyBytes += lineBytes
                if leadingEmptyBytes > maxRequestLine { throw HTTPParseError.badRequest("too many empty lines") }
                return nil
            }
            if line.count > maxRequestLine { throw HTTPParseError.requestLineTooLong }
            try parseRequestLine(line)
            state = .headers
            blockBytes = 0
            fieldCount = 0
            return nil
        case .headers, .trailers:
            if line.isEmpty {
                return state == .headers ? try endOfHead(bytesAfter: bytesAfter) : .request(finish())
            }
            blockBytes += lineBytes
            if blockBytes > maxHeaderBytes { throw HTTPParseError.headersTooLarge }
            fieldCount += 1
            if fieldCount > maxHeaderCount { throw HTTPParseError.tooManyHeaders }
            try parseFieldLine(line, keep: state == .headers)
            return nil
        case .chunkSize:
            let size = try parseChunkSize(line)
            if size == 0 {
                state = .trailers
                blockBytes = 0
                fieldCount = 0
            } else {
                remaining = size
                state = .chunkData
            }
            return nil
        case .chunkDataEnd:
            if !line.isEmpty { throw HTTPParseError.badRequest("chunk data not followed by CRLF") }
            state = .chunkSize
            return nil
        default:
            return nil
        }
    }

    // MARK: - Request line and fields

    private mutating func parseRequestLine(_ line: UnsafeRawBufferPointer) throws {
        guard let sp1 = HTTPBytes.find(HTTPBytes.sp, in: line, from: 0),
              let sp2 = HTTPBytes.find(HTTPBytes.sp, in: line, from: sp1 + 1) else {
            throw HTTPParseError.badRequest("malformed request line")
        }
        let method = UnsafeRawBufferPointer(rebasing: line[..<sp1])
        let target = UnsafeRawBufferPointer(rebasing: line[(sp1 + 1)..<sp2])
        let version = UnsafeRawBufferPointer(rebasing: line[(sp2 + 1)...])
        guard HTTPBytes.isAllToken(method) else { throw HTTPParseError.badRequest("invalid method") }
        head.isHTTP10 = try Self.parseVersion(version)
        guard !target.isEmpty else { throw HTTPParseError.badRequest("empty request target") }
        for b in target where b <= 0x20 || b >= 0x7F { throw HTTPParseError.badRequest("invalid byte in request target") }
        let first = target[0]
        if first == UInt8(ascii: "*") {
            guard target.count == 1, HTTPBytes.equalsLowercase(method, "options") else {
                throw HTTPParseError.badRequest("invalid asterisk-form target")
            }
        } else if first != UInt8(ascii: "/") {
            guard let colon = HTTPBytes.find(HTTPBytes.colon, in: target, from: 0),
                  HTTPBytes.equalsLowercase(UnsafeRawBufferPointer(rebasing: target[..<colon]), "http")
                    || HTTPBytes.equalsLowercase(UnsafeRawBufferPointer(rebasing: target[..<colon]), "https"),
                  colon + 2 < target.count, target[colon + 1] == UInt8(ascii: "/"), target[colon + 2] == UInt8(ascii: "/")
            else { throw HTTPParseError.badRequest("unsupported request target form") }
        }
        guard let (path, query) = HTTPTargetDecoding.decode(target) else {
            throw HTTPParseError.badRequest("invalid request path")
        }
        head.method = HTTPBytes.string(method)
        head.target = HTTPBytes.string(target)
        head.path = path
        head.query = query
    }

    /// Returns true for HTTP/1.0, false for HTTP/1.1; 505 for other well-formed versions.
    static func parseVersion(_ v: UnsafeRawBufferPointer) throws -> Bool {
        guard v.count > 5, v[0] == UInt8(ascii: "H"), v[1] == UInt8(ascii: "T"), v[2] == UInt8(ascii: "T"),
              v[3] == UInt8(ascii: "P"), v[4] == UInt8(ascii: "/"), v[5] >= UInt8(ascii: "0"), v[5] <= UInt8(ascii: "9") else {
            throw HTTPParseError.badRequest("malformed HTTP version")
        }
        if v.count == 8, v[5] == UInt8(ascii: "1"), v[6] == UInt8(ascii: "."),
           v[7] == UInt8(ascii: "0") || v[7] == UInt8(ascii: "1") {
            return v[7] == UInt8(ascii: "0")
        }
        for b in v[5...] where !(b == UInt8(ascii: ".") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))) {
            throw HTTPParseError.badRequest("malformed HTTP version")
        }
        throw HTTPParseError.versionNotSupported
    }

    private mutating func parseFieldLine(_ line: UnsafeRawBufferPointer, keep: Bool) throws {
        if line[0] == HTTPBytes.sp || line[0] == HTTPBytes.htab {
            throw HTTPParseError.badRequest("obsolete line folding")
        }
        guard let colon = HTTPBytes.find(HTTPBytes.colon, in: line, from: 0) else {
            throw HTTPParseError.badRequest("header line without colon")
        }
        let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
        guard HTTPBytes.isAllToken(name) else { throw HTTPParseError.badRequest("invalid header name") }
        let value = HTTPBytes.trimOWS(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]))
        for b in value where !HTTPBytes.isFieldValueByte(b) {
            throw HTTPParseError.badRequest("invalid byte in header value")
        }
        guard keep else { return }
        try inspectField(name: name, value: value)
        head.headers.append(name: HTTPBytes.string(name), value: HTTPBytes.string(value))
    }

    mutating func finish() -> Parsed {
        var request = HTTPRequest(method: head.method, target: head.target, path: head.path,
                                  query: head.query, headers: head.headers, body: body)
        request.receivedAtMillis = WallClock.epochMillis()
        let keepAlive = head.isHTTP10 ? (head.connectionKeepAlive && !head.connectionClose) : !head.connectionClose
        let parsed = Parsed(request: request, keepAlive: keepAlive, isHead: head.method == "HEAD", isHTTP10: head.isHTTP10)
        head = Head()
        body = []
        state = .requestLine
        leadingEmptyBytes = 0
        return parsed
    }
}
