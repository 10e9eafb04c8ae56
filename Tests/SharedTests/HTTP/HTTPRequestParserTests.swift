import Testing
@testable import Shared

/// Feeds a parser the way a connection does: append bytes, parse until it needs more.
struct HTTPParserHarness {
    enum Outcome {
        case request(HTTPRequestParser.Parsed)
        case continueExpected
        case error(Int)
    }

    var parser: HTTPRequestParser
    var buffer: [UInt8] = []
    var outcomes: [Outcome] = []

    init(limits: HTTPServerLimits = HTTPServerLimits()) {
        parser = HTTPRequestParser(limits: limits)
    }

    mutating func feed(_ bytes: [UInt8]) {
        buffer += bytes
        while !buffer.isEmpty {
            let (consumed, event) = parser.parse(buffer)
            buffer.removeFirst(consumed)
            switch event {
            case .needMore: return
            case .continueExpected: outcomes.append(.continueExpected)
            case .request(let parsed): outcomes.append(.request(parsed))
            case .error(let error):
                outcomes.append(.error(error.status))
                return
            }
        }
    }

    /// Feeds `text` in pieces of `step` bytes.
    mutating func feed(_ text: String, step: Int = .max) {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + max(1, step == .max ? bytes.count : step))
            feed(Array(bytes[i..<end]))
            i = end
        }
    }

    var requests: [HTTPRequestParser.Parsed] {
        outcomes.compactMap { if case .request(let r) = $0 { return r } else { return nil } }
    }

    var errorStatus: Int? {
        for case .error(let status) in outcomes { return status }
        return nil
    }
}

@Suite("HTTPRequestParser")
struct HTTPRequestParserTests {
    @Test func parsesRequestLineTargetAndQuery() throws {
        var h = HTTPParserHarness()
        h.feed("GET /uis/a%20b/c?x=1&name=J%C3%B6rg+M&flag&x=2 HTTP/1.1\r\nHost: example\r\n\r\n")
        let parsed = try #require(h.requests.first)
        let r = parsed.request
        #expect(r.method == "GET")
        #expect(r.target == "/uis/a%20b/c?x=1&name=J%C3%B6rg+M&flag&x=2")
        #expect(r.path == "/uis/a b/c")
        #expect(r.queryValue("x") == "1")
        #expect(r.queryValue("name") == "Jörg M")
        #expect(r.queryValue("flag") == "")
        #expect(r.query.map(\.name) == ["x", "name", "flag", "x"])
        #expect(r.body.isEmpty)
        #expect(parsed.keepAlive)
        #expect(!parsed.isHead)
        #expect(h.parser.isAtRequestStart)
    }

    @Test func keepsHeaderOrderAndLooksUpCaseInsensitively() throws {
        var h = HTTPParserHarness()
        h.feed("GET / HTTP/1.1\r\nHost: a\r\nX-Multi: one\r\nx-multi:two  \r\nAccept:\t*/*\r\n\r\n")
        let r = try #require(h.requests.first).request
        #expect(r.headers.count == 4)
        #expect(r.headers["X-MULTI"] == "one")
        #expect(r.headers.values(for: "x-multi") == ["one", "two"])
        #expect(r.headers["accept"] == "*/*")
        #expect(r.headers.map(\.name) == ["Host", "X-Multi", "x-multi", "Accept"])
        #expect(r.headers["missing"] == nil)
    }

    @Test func acceptsBareLFAndLeadingEmptyLine() throws {
        var h = HTTPParserHarness()
        h.feed("\r\nGET /a HTTP/1.1\nHost: a\n\n")
        #expect(h.requests.first?.request.path == "/a")
    }

    @Test func contentLengthBodySplitOverManyReads() throws {
        var h = HTTPParserHarness()
        let body = String(repeating: "0123456789", count: 50)
        h.feed("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 500\r\n\r\n" + body, step: 7)
        #expect(h.requests.count == 1)
        #expect(h.requests.first?.request.body == Array(body.utf8))
        #expect(h.buffer.isEmpty)
    }

    @Test(arguments: [1, 3, 1000])
    func chunkedBodyWithExtensionsAndTrailers(step: Int) throws {
        var h = HTTPParserHarness()
        h.feed("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
               + "5;name=value;flag\r\nhello\r\n"
               + "1A ; ext=\"quoted\"\r\nabcdefghijklmnopqrstuvwxyz\r\n"
               + "0\r\nX-Trailer: t\r\nChecksum: 1\r\n\r\n"
               + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n", step: step)
        #expect(h.requests.count == 2)
        let first = try #require(h.requests.first).request
        #expect(String(decoding: first.body, as: UTF8.self) == "helloabcdefghijklmnopqrstuvwxyz")
        #expect(first.headers["X-Trailer"] == nil)   // trailers are checked, then dropped
        #expect(h.requests.last?.request.path == "/next")
    }

    @Test func pipelinedRequestsAreReturnedOneAtATime() throws {
        var parser = HTTPRequestParser(limits: HTTPServerLimits())
        let bytes = Array(("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                           + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
                           + "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n").utf8)
        var rest = bytes[...]
        var paths: [String] = []
        while !rest.isEmpty {
            let (consumed, event) = parser.parse(Array(rest))
            guard case .request(let parsed) = event else { Issue.record("unexpected \(event)"); return }
            #expect(consumed > 0)
            paths.append(parsed.request.path)
            rest = rest.dropFirst(consumed)
        }
        #expect(paths == ["/1", "/2", "/3"])
    }

    @Test func connectionSemanticsPerVersion() throws {
        var h = HTTPParserHarness()
        h.feed("GET / HTTP/1.0\r\n\r\n")
        h.feed("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        h.feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade, close\r\n\r\n")
        h.feed("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n")
        let r = h.requests
        #expect(r.count == 4)
        #expect(r.map(\.keepAlive) == [false, true, false, true])
        #expect(r.map(\.isHTTP10) == [true, true, false, false])
        #expect(r.map(\.isHead) == [false, false, false, true])
    }

    @Test func expectContinueIsReportedBeforeTheBody() throws {
        var h = HTTPParserHarness()
        h.feed("PUT /u HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
        guard case .continueExpected = try #require(h.outcomes.first) else {
            Issue.record("expected continueExpected, got \(h.outcomes)")
            return
        }
        #expect(h.requests.isEmpty)
        h.feed("abc")
        #expect(h.requests.first?.request.body == Array("abc".utf8))
    }

    @Test func absoluteFormAndAsteriskTargets() throws {
        var h = HTTPParserHarness()
        h.feed("GET http://example.com:8080/x/y?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
        h.feed("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(h.requests.map(\.request.path) == ["/x/y", "*"])
        #expect(h.requests.first?.request.queryValue("q") == "1")
    }

    @Test func bodyAtExactLimitIsAccepted() throws {
        var limits = HTTPServerLimits()
        limits.maxBodyBytes = 10
        var h = HTTPParserHarness(limits: limits)
        h.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789")
        h.feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n")
        #expect(h.requests.count == 2)
        #expect(h.errorStatus == nil)
    }

    /// Each malformed or over-limit input, with the status the server must answer.
    static let rejections: [(String, String, Int)] = [
        ("no version", "GET /\r\n\r\n", 400),
        ("garbage", "\u{01}\u{02}garbage\r\n\r\n", 400),
        ("two spaces", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("lowercase version", "GET / http/1.1\r\nHost: a\r\n\r\n", 400),
        ("control char in target", "GET /a\u{7F}b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("relative target", "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("bad escape in path", "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("encoded NUL in path", "GET /a%00 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("dot-dot segment", "GET /a/%2e%2E/etc HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("header without colon", "GET / HTTP/1.1\r\nHost: a\r\nBroken\r\n\r\n", 400),
        ("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
        ("NUL in header value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{00}b\r\n\r\n", 400),
        ("control char in header value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{1B}b\r\n\r\n", 400),
        ("bare CR in header value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400),
        ("obsolete line folding", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n  b\r\n\r\n", 400),
        ("missing Host in 1.1", "GET / HTTP/1.1\r\n\r\n", 400),
        ("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("CL and TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("differing CLs", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
        ("differing CL list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\n", 400),
        ("negative CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
        ("non-numeric CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 12abc\r\n\r\n", 400),
        ("empty CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400),
        ("TE not ending in chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
        ("TE chunked twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
        ("TE with other coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("bad chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("chunk without CRLF", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 400),
        ("bad chunk extension", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\n", 400),
        ("bad trailer", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n", 400),
        ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505),
        ("HTTP/0.9 style", "GET / HTTP/0.9\r\n\r\n", 505),
        ("unknown Expect", "GET / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n", 417),
    ]

    @Test(arguments: rejections)
    func rejectsWithStatus(name: String, input: String, status: Int) {
        var h = HTTPParserHarness()
        h.feed(input)
        #expect(h.errorStatus == status, "\(name)")
        #expect(h.requests.isEmpty, "\(name)")
        #expect(h.parser.state == .failed, "\(name)")
    }

    @Test func limitsOnLinesHeadersAndBodies() {
        var limits = HTTPServerLimits()
        limits.maxRequestLineBytes = 64
        limits.maxHeaderBytes = 128
        limits.maxHeaderCount = 3
        limits.maxBodyBytes = 10
        func status(_ input: String) -> Int? {
            var h = HTTPParserHarness(limits: limits)
            h.feed(input)
            return h.errorStatus
        }
        let long = String(repeating: "a", count: 100)
        #expect(status("GET /\(long) HTTP/1.1\r\n") == 414)
        #expect(status("GET /\(long)") == 414)   // decided before the line ends
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nX: \(long)\(long)\r\n\r\n") == 431)
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nX: \(long)\(long)") == 431)
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n") == 431)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n") == 413)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n") == 413)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n3\r\n") == 413)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffffff\r\n") == 413)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: \(long)\(long)\r\n\r\n") == 431)
    }

    @Test func byteByByteFeedingMatchesWholeFeeding() {
        let input = "POST /x?a=b HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbodyGET /y HTTP/1.1\r\nHost: h\r\n\r\n"
        var whole = HTTPParserHarness()
        whole.feed(input)
        var split = HTTPParserHarness()
        split.feed(input, step: 1)
        #expect(whole.requests.map(\.request.path) == ["/x", "/y"])
        #expect(split.requests.map(\.request.path) == whole.requests.map(\.request.path))
        #expect(split.requests.map(\.request.body) == whole.requests.map(\.request.body))
    }
}
