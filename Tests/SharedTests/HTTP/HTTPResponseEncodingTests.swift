import Foundation
import Testing
@testable import Shared

@Suite("HTTPResponse encoding and target decoding")
struct HTTPResponseEncodingTests {
    private func encoded(_ response: HTTPResponse, head: Bool = false, close: Bool = false, http10: Bool = false) -> String {
        var out: [UInt8] = []
        response.encode(into: &out, framing: .init(isHead: head, close: close, http10KeepAlive: http10))
        return String(decoding: out, as: UTF8.self)
    }

    @Test func textResponseHasMinimalHeaders() {
        #expect(encoded(.text("hi")) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n\r\nhi")
        #expect(encoded(.text("gone", status: 404), close: true)
                == "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 4\r\nConnection: close\r\n\r\ngone")
        #expect(encoded(HTTPResponse(status: 200), http10: true) == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test func jsonFromBytesAndData() {
        let fromBytes = HTTPResponse.json(Array("{}".utf8), status: 201)
        let fromData = HTTPResponse.json(Data("[1]".utf8))
        #expect(fromBytes.status == 201)
        #expect(fromBytes.headers.first?.1 == "application/json")
        #expect(fromData.body == Array("[1]".utf8))
        #expect(encoded(fromData).hasSuffix("Content-Type: application/json\r\nContent-Length: 3\r\n\r\n[1]"))
    }

    @Test func headKeepsLengthButDropsBody() {
        #expect(encoded(.text("hello"), head: true).hasSuffix("Content-Length: 5\r\n\r\n"))
    }

    @Test func noBodyOrLengthFor204And304() {
        #expect(encoded(HTTPResponse(status: 204, body: [1, 2])) == "HTTP/1.1 204 No Content\r\n\r\n")
        #expect(encoded(HTTPResponse(status: 304)) == "HTTP/1.1 304 Not Modified\r\n\r\n")
    }

    @Test func framingFieldsAreReplacedAndUnsafeFieldsDropped() {
        let response = HTTPResponse(status: 200, headers: [
            ("Content-Length", "999"), ("Transfer-Encoding", "chunked"), ("X-Ok", "yes"),
            ("X-Split", "a\r\nSet-Cookie: evil=1"), ("Bad Name", "v"), ("Connection", "close"),
        ], body: Array("abc".utf8))
        var out: [UInt8] = []
        let problem = response.encode(into: &out, framing: .init(isHead: false, close: response.requestsClose))
        #expect(String(decoding: out, as: UTF8.self)
                == "HTTP/1.1 200 OK\r\nX-Ok: yes\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")
        #expect(problem != nil)
        #expect(response.requestsClose)
        #expect(!HTTPResponse.text("x").requestsClose)
    }

    @Test func invalidStatusBecomes500() {
        var out: [UInt8] = []
        let problem = HTTPResponse(status: 42).encode(into: &out, framing: .init())
        #expect(String(decoding: out, as: UTF8.self).hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        #expect(problem != nil)
    }

    @Test func requestInitDerivesPathAndQuery() {
        let r = HTTPRequest(method: "GET", target: "/a%2Fb/%E2%9C%93?q=a+b%21&q=2&empty=&x")
        #expect(r.path == "/a/b/✓")
        #expect(r.queryValue("q") == "a b!")
        #expect(r.query.count == 4)
        #expect(r.queryValue("empty") == "")
        #expect(r.queryValue("x") == "")
        #expect(r.queryValue("nope") == nil)
        #expect(HTTPRequest(method: "GET", target: "/p?bad=%zz%4").queryValue("bad") == "%zz%4")
    }

    @Test(arguments: [
        ("/plain", "/plain"), ("/%41%62", "/Ab"), ("/a/..b/c..", "/a/..b/c.."), ("", "/"),
    ])
    func pathDecodingAccepts(raw: String, decoded: String) {
        var raw = raw
        let result = raw.withUTF8 { HTTPTargetDecoding.decodePath(UnsafeRawBufferPointer($0)) }
        #expect(result == decoded)
    }

    @Test(arguments: ["/..", "/a/../b", "/%2e%2e/x", "/a%", "/a%4", "/%00", "/%FF"])
    func pathDecodingRejects(raw: String) {
        var raw = raw
        let result = raw.withUTF8 { HTTPTargetDecoding.decodePath(UnsafeRawBufferPointer($0)) }
        #expect(result == nil)
    }
}
