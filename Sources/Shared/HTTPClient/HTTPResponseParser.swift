/// Incremental HTTP/1.x response parser: feed it bytes as they arrive, in any split, and it says
/// when one complete response has been read. Pure (no I/O), so every framing case is unit-tested.
///
/// Handles the status line, header fields (whole head limited to `maxHeadBytes`), bodies framed by
/// Content-Length, chunked encoding (extensions and trailers skipped) or the connection's close,
/// no body for HEAD/1xx/204/304, and skips interim 1xx answers such as 100 Continue. Anything that
/// is not valid HTTP/1.x throws `malformedResponse`; a head or body over its limit throws `tooLarge`.
/// After an error the parser must be discarded, and so must the connection.
struct HTTPResponseParser {
    static let defaultMaxHeadBytes = 64 * 1024
    /// A chunk-size line with extensions, or one trailer line, longer than this is malformed.
    static let maxChunkLineBytes = 8 * 1024

    enum State: Equatable {
        case statusLine, headerLine, body(remaining: Int), chunkSize, chunkData(remaining: Int),
             chunkDataEnd, trailerLine, untilClose, done
    }

    let maxHeadBytes: Int
    let maxBodyBytes: Int
    /// The request was HEAD: a final response has no body whatever its fields say.
    let isHeadRequest: Bool

    private(set) var state = State.statusLine
    /// Every byte fed so far; 0 means the server has not started to answer.
    private(set) var bytesReceived = 0
    /// True when the connection may carry another request after this response.
    private(set) var keepAlive = false
    /// Bytes arrived after the complete response (the connection must not be reused).
    private(set) var hasExtraBytes = false

    var status = 0
    var headers: [(String, String)] = []
    private(set) var body: [UInt8] = []

    /// Framing facts gathered from the current head's fields.
    var framing = Framing()
    private var headBytes = 0
    private var line: [UInt8] = []

    struct Framing {
        var isHTTP10 = false
        var contentLength: Int?
        var hasTransferEncoding = false
        var isChunked = false
        var connectionClose = false
        var connectionKeepAlive = false
    }

    init(isHeadRequest: Bool = false, maxBodyBytes: Int = 16 * 1024 * 1024,
         maxHeadBytes: Int = HTTPResponseParser.defaultMaxHeadBytes) {
        self.isHeadRequest = isHeadRequest
        self.maxBodyBytes = maxBodyBytes
        self.maxHeadBytes = maxHeadBytes
    }

    var isComplete: Bool { state == .done }

    /// The parsed response; meaningful once `isComplete`.
    var response: HTTPClientResponse { HTTPClientResponse(status: status, headers: headers, body: body) }

    /// Consumes `bytes`; returns true once a whole final response has been read.
    @discardableResult
    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(HTTPClientError) -> Bool {
        bytesReceived += bytes.count
        var index = 0
        while index < bytes.count {
            switch state {
            case .done:
                hasExtraBytes = true
                keepAlive = false
                return true
            case .body(let remaining):
                let n = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<index + n]))
                index += n
                state = remaining == n ? .done : .body(remaining: remaining - n)
            case .chunkData(let remaining):
                let n = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<index + n]))
                index += n
                state = remaining == n ? .chunkDataEnd : .chunkData(remaining: remaining - n)
            case .untilClose:
                let n = bytes.count - index
                guard body.count + n <= maxBodyBytes else { throw tooLargeBody() }
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index...]))
                index = bytes.count
            case .statusLine, .headerLine, .chunkSize, .chunkDataEnd, .trailerLine:
                index = try consumeLine(bytes, from: index)
            }
        }
        return state == .done
    }

    /// The connection reached EOF. Returns normally when that completes the response (a body
    /// delimited by the close); throws `connectionClosed` when the response is cut short.
    mutating func finishAtEOF() throws(HTTPClientError) {
        switch state {
        case .done:
            return
        case .untilClose:
            state = .done
            keepAlive = false
        case .statusLine where bytesReceived == 0:
            throw .connectionClosed("connection closed before any response byte")
        default:
            throw .connectionClosed("connection closed in the middle of the response")
        }
    }

    /// Finds the end of the current line starting at `from`, buffering partial lines, and hands the
    /// complete line (without CR LF) to `handleLine`. Returns the index after the consumed bytes.
    private mutating func consumeLine(_ bytes: UnsafeRawBufferPointer, from: Int) throws(HTTPClientError) -> Int {
        let isHeadLine = state == .statusLine || state == .headerLine
        let limit = isHeadLine ? maxHeadBytes - headBytes : Self.maxChunkLineBytes
        guard let lf = HTTPBytes.find(HTTPBytes.lf, in: bytes, from: from) else {
            line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[from...]))
            if line.count > limit { throw lineTooLong(isHeadLine) }
            return bytes.count
        }
        let lineLength = line.count + lf - from
        if lineLength > limit { throw lineTooLong(isHeadLine) }
        if isHeadLine { headBytes += lineLength + 1 }
        if line.isEmpty {
            try handleLine(trimCR(UnsafeRawBufferPointer(rebasing: bytes[from..<lf])))
        } else {
            line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[from..<lf]))
            let whole = line
            line.removeAll(keepingCapacity: true)
            var failure: HTTPClientError?
            whole.withUnsafeBytes { raw in
                do throws(HTTPClientError) { try handleLine(trimCR(raw)) } catch { failure = error }
            }
            if let failure { throw failure }
        }
        return lf + 1
    }

    private func trimCR(_ raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if let last = raw.last, last == HTTPBytes.cr { return UnsafeRawBufferPointer(rebasing: raw.dropLast()) }
        return raw
    }

    private mutating func handleLine(_ raw: UnsafeRawBufferPointer) throws(HTTPClientError) {
        switch state {
        case .statusLine:
            if raw.isEmpty { return } // tolerate stray CRLFs before the head (they still count as head bytes)
            try parseStatusLine(raw)
            state = .headerLine
        case .headerLine:
            if raw.isEmpty { try endOfHead() } else { try parseHeaderLine(raw) }
        case .chunkSize:
            let size = try parseChunkSize(raw)
            if size == 0 {
                state = .trailerLine
            } else {
                guard body.count + size <= maxBodyBytes else { throw tooLargeBody() }
                body.reserveCapacity(body.count + size)
                state = .chunkData(remaining: size)
            }
        case .chunkDataEnd:
            guard raw.isEmpty else { throw .malformedResponse("chunk data longer than its size") }
            state = .chunkSize
        case .trailerLine:
            if raw.isEmpty { state = .done }
        default:
            break
        }
    }

    mutating func resetForNextHead() {
        status = 0
        headers.removeAll()
        framing = Framing()
        headBytes = 0
        state = .statusLine
    }

    mutating func setState(_ next: State) { state = next }
    mutating func setKeepAlive(_ value: Bool) { keepAlive = value }
    mutating func reserveBody(_ count: Int) { body.reserveCapacity(min(count, 1 << 20)) }

    private func lineTooLong(_ isHeadLine: Bool) -> HTTPClientError {
        isHeadLine ? .tooLarge("response head larger than \(maxHeadBytes) bytes")
                   : .malformedResponse("chunk-size or trailer line too long")
    }

    func tooLargeBody() -> HTTPClientError { .tooLarge("response body larger than \(maxBodyBytes) bytes") }
}
