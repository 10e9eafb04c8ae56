import Testing
@testable import Shared

/// Feeds `text` to a parser in pieces of `step` bytes (0: all at once); returns the parser once
/// complete or after all input, plus whether it completed.
private func httpClientParse(_ text: String, step: Int = 0, head: Bool = false, maxBody: Int = 1 << 20,
                             eof: Bool = false) throws -> (parser: HTTPResponseParser, complete: Bool) {
    var parser = HTTPResponseParser(isHeadRequest: head, maxBodyBytes: maxBody)
    let bytes = Array(text.utf8)
    let size = step == 0 ? max(1, bytes.count) : step
    var offset = 0
    var complete = false
    while offset < bytes.count && !complete {
        let end = min(bytes.count, offset + size)
        complete = try bytes[offset..<end].withUnsafeBytes { try parser.feed($0) }
        offset = end
    }
    if eof && !complete {
        try parser.finishAtEOF()
        complete = parser.isComplete
    }
    return (parser, complete)
}

private func httpClientParseError(_ text: String, step: Int = 0, maxBody: Int = 1 << 20, eof: Bool = false) -> HTTPClientError? {
    do {
        _ = try httpClientParse(text, step: step, maxBody: maxBody, eof: eof)
        return nil
    } catch let error as HTTPClientError {
        return error
    } catch {
        return nil
    }
}

@Suite struct HTTPResponseParserTests {
    @Test(arguments: [0, 1, 3, 7])
    func contentLengthBodySplitAcrossReads(step: Int) throws {
        let text = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Length: 8\r\n\r\n{\"ok\":1}"
        let (parser, complete) = try httpClientParse(text, step: step)
        #expect(complete)
        let response = parser.response
        #expect(response.status == 201)
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"ok\":1}")
        #expect(response.header("content-type") == "application/json")
        #expect(response.headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1) == ["a=1", "b=2"])
        #expect(parser.keepAlive)
        #expect(!parser.hasExtraBytes)
    }

    @Test(arguments: [0, 1, 5])
    func chunkedWithExtensionsAndTrailers(step: Int) throws {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n" + "1A \r\n" + String(repeating: "x", count: 26) + "\r\n"
            + "0;last\r\nX-Trailer: yes\r\nX-Other: 1\r\n\r\n"
        let (parser, complete) = try httpClientParse(text, step: step)
        #expect(complete)
        #expect(parser.response.body == Array(("hello" + String(repeating: "x", count: 26)).utf8))
        #expect(parser.keepAlive)
    }

    @Test func bodyDelimitedByClose() throws {
        let text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"
        let (open, openComplete) = try httpClientParse(text)
        #expect(!openComplete && open.state == .untilClose)
        let (parser, complete) = try httpClientParse(text, eof: true)
        #expect(complete)
        #expect(String(decoding: parser.response.body, as: UTF8.self) == "until the end")
        #expect(!parser.keepAlive)
    }

    @Test(arguments: [0, 1])
    func interimResponsesAreSkipped(step: Int) throws {
        let text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        let (parser, complete) = try httpClientParse(text, step: step)
        #expect(complete)
        #expect(parser.response.status == 200)
        #expect(parser.response.headers.count == 1)
        #expect(parser.response.body == Array("ok".utf8))
    }

    @Test func headAnd204And304HaveNoBody() throws {
        let head = try httpClientParse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", head: true)
        #expect(head.complete && head.parser.response.body.isEmpty && head.parser.keepAlive)
        let noContent = try httpClientParse("HTTP/1.1 204 No Content\r\n\r\n")
        #expect(noContent.complete && noContent.parser.keepAlive)
        let notModified = try httpClientParse("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n")
        #expect(notModified.complete && notModified.parser.response.body.isEmpty)
    }

    @Test func connectionSemantics() throws {
        #expect(try !httpClientParse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").parser.keepAlive)
        #expect(try !httpClientParse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").parser.keepAlive)
        #expect(try httpClientParse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").parser.keepAlive)
        let both = try httpClientParse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        #expect(both.complete && !both.parser.keepAlive)
    }

    @Test func extraBytesAfterTheResponseForbidReuse() throws {
        let (parser, complete) = try httpClientParse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokGARBAGE")
        #expect(complete && parser.hasExtraBytes && !parser.keepAlive)
    }

    @Test func statusLineToleratesLeadingBlankLinesAndBareLF() throws {
        let (parser, complete) = try httpClientParse("\r\nHTTP/1.1 404\nContent-Length: 0\n\n")
        #expect(complete && parser.response.status == 404)
    }

    @Test(arguments: [
        "HELLO\r\n\r\n",
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 200OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX: a\u{01}b\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
    ])
    func malformedAnswersThrow(text: String) {
        for step in [0, 1] {
            let error = httpClientParseError(text, step: step)
            #expect(error?.isMalformedResponse == true, "\(text.debugDescription) step \(step): \(String(describing: error))")
        }
    }

    @Test func oversizedAnswersThrowTooLarge() {
        #expect(httpClientParseError("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n", maxBody: 100)?.isTooLarge == true)
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + String(repeating: "a", count: 64) + "\r\n40\r\n"
        #expect(httpClientParseError(chunked, maxBody: 100)?.isTooLarge == true)
        let untilClose = "HTTP/1.1 200 OK\r\n\r\n" + String(repeating: "a", count: 101)
        #expect(httpClientParseError(untilClose, step: 10, maxBody: 100)?.isTooLarge == true)
        let hugeHead = "HTTP/1.1 200 OK\r\n" + String(repeating: "X-Filler: \(String(repeating: "v", count: 1000))\r\n", count: 70)
        #expect(httpClientParseError(hugeHead, step: 4096)?.isTooLarge == true)
        let endlessLine = "HTTP/1.1 200 OK\r\nX: " + String(repeating: "v", count: 70_000)
        #expect(httpClientParseError(endlessLine, step: 1000)?.isTooLarge == true)
        let longChunkLine = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "e", count: 9000)
        #expect(httpClientParseError(longChunkLine)?.isMalformedResponse == true)
    }

    @Test func earlyEOFIsConnectionClosed() {
        var fresh = HTTPResponseParser()
        #expect(throws: HTTPClientError.self) { try fresh.finishAtEOF() }
        #expect(fresh.bytesReceived == 0)
        let cut = httpClientParseError("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", eof: true)
        #expect(cut?.isConnectionClosed == true)
        let cutHead = httpClientParseError("HTTP/1.1 200 OK\r\nContent-Le", eof: true)
        #expect(cutHead?.isConnectionClosed == true)
    }
}
