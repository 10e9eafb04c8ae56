import Foundation
import Synchronization
import Testing
@testable import Shared

/// Echoes what the server parsed, so the tests can check it end to end.
@Sendable func httpEchoHandler(_ r: HTTPRequest) async -> HTTPResponse {
    switch r.path {
    case "/body": return HTTPResponse(status: 200, headers: [("Content-Type", "application/octet-stream")], body: r.body)
    case "/close": return HTTPResponse(status: 200, headers: [("Connection", "close")], body: Array("bye".utf8))
    case "/big": return HTTPResponse(status: 200, body: [UInt8](repeating: 0x61, count: 3 * 1024 * 1024))
    case "/slow":
        try? await Task.sleep(for: .milliseconds(150))
        return .text("slow")
    default:
        return .text("\(r.method) \(r.path) q=\(r.queryValue("q") ?? "-") from=\(r.remoteAddress)")
    }
}

@Suite("HTTPServer over sockets", .serialized)
struct HTTPServerTests {
    @Test func getRoundTrip() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            #expect(server.port > 0)
            let client = try HTTPTestClient(port: server.port)
            try await client.send("GET /hello%20world?q=a+b HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.response()
            #expect(response.status == 200)
            #expect(response.text.hasPrefix("GET /hello world q=a b from=127.0.0.1:"))
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.header("Connection") == nil)
            #expect(response.header("Date") == nil)
        }
    }

    @Test func postRoundTripAndKeepAlive() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            let client = try HTTPTestClient(port: server.port)
            try await client.send("POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
            let first = try await client.response()
            try await client.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n")
            let second = try await client.response()
            #expect(first.status == 200)
            #expect(first.text == "hello world")
            #expect(second.text.hasPrefix("GET /again"))
            // Same connection: the server saw the same client port both times.
            let port = second.text.split(separator: ":").last.map(String.init)
            let local = try await { () async throws -> String in
                try await client.send("GET /who HTTP/1.1\r\nHost: x\r\n\r\n")
                return try await client.response().text
            }()
            #expect(local.split(separator: ":").last.map(String.init) == port)
        }
    }

    @Test func chunkedUpload() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            let client = try HTTPTestClient(port: server.port)
            try await client.send("POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n")
            try await client.send("6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nTrailer: yes\r\n\r\n")
            let response = try await client.response()
            #expect(response.status == 200)
            #expect(response.text == "Wikipedia in \r\n\r\nchunks.")
        }
    }

    @Test func pipelinedRequestsAnsweredInOrder() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            let client = try HTTPTestClient(port: server.port)
            try await client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n"
                                  + "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nend")
            let texts = [try await client.response().text, try await client.response().text, try await client.response().text]
            #expect(texts[0] == "slow")
            #expect(texts[1].hasPrefix("GET /fast"))
            #expect(texts[2] == "end")
        }
    }

    @Test func connectionCloseIsHonouredBothWays() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            let a = try HTTPTestClient(port: server.port)
            try await a.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let ra = try await a.response()
            #expect(ra.header("Connection") == "close")
            #expect(try await a.readUntilClosed().closed)

            let b = try HTTPTestClient(port: server.port)
            try await b.send("GET /close HTTP/1.1\r\nHost: x\r\n\r\n")
            let rb = try await b.response()
            #expect(rb.text == "bye")
            #expect(rb.header("Connection") == "close")
            #expect(try await b.readUntilClosed().closed)
        }
    }

    @Test func halfClosedClientGetsItsResponsesThenEOF() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            let client = try HTTPTestClient(port: server.port)
            try await client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n")
            client.shutdownWrite()
            // The idle timeout is 60 s and the client's read timeout 5 s: only a close on EOF passes.
            let (bytes, closed) = try await client.readUntilClosed()
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(closed)
            #expect(text.contains("GET /one"))
            #expect(text.contains("GET /two"))
        }
    }

    @Test func http10ClosesUnlessKeepAliveAsked() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            let a = try HTTPTestClient(port: server.port)
            try await a.send("GET / HTTP/1.0\r\n\r\n")
            #expect(try await a.response().header("Connection") == "close")
            #expect(try await a.readUntilClosed().closed)

            let b = try HTTPTestClient(port: server.port)
            try await b.send("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await b.response().header("Connection") == "keep-alive")
            try await b.send("GET /2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await b.response().text.hasPrefix("GET /2"))
        }
    }

    @Test func headHasLengthButNoBody() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            let client = try HTTPTestClient(port: server.port)
            try await client.send("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try await client.response(forHead: true)
            #expect(head.status == 200)
            #expect((Int(head.header("Content-Length") ?? "") ?? 0) > "HEAD /x q=- from=".count)
            // Nothing but the next response follows: the body was not sent.
            try await client.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.response().text.hasPrefix("GET /next"))
        }
    }

    @Test func expectContinueGets100BeforeTheBody() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            let client = try HTTPTestClient(port: server.port)
            try await client.send("POST /body HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try await client.response()
            #expect(interim.status == 100)
            try await client.send("data")
            let final = try await client.response()
            #expect(final.status == 200)
            #expect(final.text == "data")
        }
    }

    @Test func largeResponseIsWrittenCompletely() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            let client = try HTTPTestClient(port: server.port)
            try await client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.response()
            #expect(response.body.count == 3 * 1024 * 1024)
            #expect(response.body.allSatisfy { $0 == 0x61 })
        }
    }

    @Test func slowHandlerDoesNotDelayOtherConnections() async throws {
        let gate = HTTPTestGate()
        try await withHTTPServer(handler: { request in
            if request.path == "/wait" { await gate.wait() }
            return .text(request.path)
        }) { server in
            let slow = try HTTPTestClient(port: server.port)
            try await slow.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await httpEventually { gate.waiterCount == 1 })
            for i in 0..<3 {
                let fast = try HTTPTestClient(port: server.port)
                try await fast.send("GET /fast\(i) HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try await fast.response().text == "/fast\(i)")
            }
            gate.open()
            #expect(try await slow.response().text == "/wait")
        }
    }

    @Test func stopClosesEverythingEvenWithAHangingHandler() async throws {
        let gate = HTTPTestGate()
        defer { gate.open() }
        let server = HTTPServer(port: 0) { request in
            if request.path == "/hang" { await gate.wait() }
            return .text("ok")
        }
        try server.start()
        let port = server.port
        let hanging = try HTTPTestClient(port: port)
        try await hanging.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
        let idle = try HTTPTestClient(port: port)
        try await idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await idle.response().status == 200)
        let partial = try HTTPTestClient(port: port)
        try await partial.send("GET / HTTP/1.1\r\nHo")
        #expect(await httpEventually { gate.waiterCount == 1 })

        let started = ContinuousClock.now
        server.stop()
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(try await hanging.readUntilClosed().closed)
        #expect(try await idle.readUntilClosed().closed)
        #expect(try await partial.readUntilClosed().closed)
        #expect(throws: HTTPTestClient.Failure.self) { try HTTPTestClient(port: port) }
        server.stop()   // idempotent
    }

    @Test func servesIPv6Loopback() async throws {
        let server = HTTPServer(host: "::1", port: 0, handler: httpEchoHandler)
        try server.start()
        defer { server.stop() }
        let client = try HTTPTestClient(port: server.port, host: "::1")
        try await client.send("GET /six HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = try await client.response().text
        #expect(text.hasPrefix("GET /six q=- from=[::1]:"))
    }

    @Test func startThrowsWhenThePortIsTaken() async throws {
        try await withHTTPServer { server in
            let second = HTTPServer(port: server.port) { _ in .text("no") }
            #expect(throws: HTTPServerError.addressInUse(host: "127.0.0.1", port: server.port)) { try second.start() }
            #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
            #expect(throws: HTTPServerError.invalidAddress("not-an-ip")) {
                try HTTPServer(host: "not-an-ip", port: 0) { _ in .text("no") }.start()
            }
            second.stop()
        }
    }

    @Test func invalidHandlerHeaderIsReported() async throws {
        let errors = HTTPTestErrors()
        let server = HTTPServer(port: 0, onError: { errors.record($0) }) { _ in
            HTTPResponse(status: 200, headers: [("X-Bad", "a\r\nInjected: 1")], body: Array("x".utf8))
        }
        try server.start()
        defer { server.stop() }
        let client = try HTTPTestClient(port: server.port)
        try await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try await client.response()
        #expect(response.header("Injected") == nil)
        #expect(response.header("X-Bad") == nil)
        #expect(errors.messages.contains { $0.contains("X-Bad") })
    }
}

/// Collects `onError` messages.
final class HTTPTestErrors: Sendable {
    private let storage = Mutex<[String]>([])
    var messages: [String] { storage.withLock { $0 } }
    func record(_ message: String) { storage.withLock { $0.append(message) } }
}
