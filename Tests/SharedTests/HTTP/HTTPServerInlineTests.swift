import Foundation
import Synchronization
import Testing
@testable import Shared

/// Keeps the responders an inline handler took, so a test decides when (and how often) they answer.
final class HeldResponders: Sendable {
    private let held = Mutex<[String: HTTPResponder]>([:])
    func keep(_ responder: HTTPResponder, as path: String) { held.withLock { $0[path] = responder } }
    func take(_ path: String) -> HTTPResponder? { held.withLock { $0.removeValue(forKey: path) } }
    var count: Int { held.withLock { $0.count } }
}

/// The server's inline handler: `/now/...` answered on the loop thread before it returns, `/later/...` from another
/// thread, `/hold/...` when the test says so; everything else goes to the async handler.
func inlineTestHandler(_ held: HeldResponders) -> HTTPServer.InlineHandler {
    { request, responder in
        if request.path.hasPrefix("/now/") {
            responder.respond(.text("inline \(request.path)"))
        } else if request.path.hasPrefix("/later/") {
            Thread { responder.respond(.text("inline \(request.path)")) }.start()
        } else if request.path.hasPrefix("/hold/") {
            held.keep(responder, as: request.path)
        } else {
            return false
        }
        return true
    }
}

func withInlineHTTPServer<T>(_ held: HeldResponders, _ body: (HTTPServer) async throws -> T) async throws -> T {
    let server = HTTPServer(host: "127.0.0.1", port: 0, inline: inlineTestHandler(held)) { request in .text("async \(request.path)") }
    try server.start()
    defer { server.stop() }
    return try await body(server)
}

@Suite("HTTPServer inline handler", .serialized)
struct HTTPServerInlineTests {
    @Test func pipelinedRequestsAreAnsweredInOrderWhicheverPathTakesThem() async throws {
        let held = HeldResponders()
        try await withInlineHTTPServer(held) { server in
            let client = try HTTPTestClient(port: server.port)
            let paths = ["/later/1", "/now/2", "/async/3", "/later/4", "/hold/5", "/now/6", "/async/7"]
            try await client.send(paths.map { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()
                                  + "POST /now/8 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nend")
            var texts: [String] = []
            for _ in 0..<4 { texts.append(try await client.response().text) }
            // The held request blocks the ones behind it, whoever would answer them.
            #expect(try await httpEventually { held.count == 1 })
            try #require(held.take("/hold/5")).respond(.text("held /hold/5"))
            for _ in 0..<4 { texts.append(try await client.response().text) }
            #expect(texts == ["inline /later/1", "inline /now/2", "async /async/3", "inline /later/4", "held /hold/5",
                              "inline /now/6", "async /async/7", "inline /now/8"])
        }
    }

    @Test func aResponseAnswersOnlyTheRequestItWasFor() async throws {
        let held = HeldResponders()
        try await withInlineHTTPServer(held) { server in
            let client = try HTTPTestClient(port: server.port)
            try await client.send("GET /hold/a HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await httpEventually { held.count == 1 })
            let first = try #require(held.take("/hold/a"))
            first.respond(.text("first"))
            #expect(try await client.response().text == "first")

            try await client.send("GET /hold/b HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await httpEventually { held.count == 1 })
            first.respond(.text("stale"))   // a second answer to the first request is dropped
            try #require(held.take("/hold/b")).respond(.text("second"))
            #expect(try await client.response().text == "second")
            try await client.send("GET /now/c HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.response().text == "inline /now/c")
        }
    }

    @Test func aConnectionClosedBeforeTheInlineResponseIsDroppedAndTheServerGoesOn() async throws {
        let held = HeldResponders()
        try await withInlineHTTPServer(held) { server in
            do {
                let gone = try HTTPTestClient(port: server.port)
                try await gone.send("POST /hold/gone HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
                #expect(try await httpEventually { held.count == 1 })
            }   // the client closes its socket here, before the answer
            try #require(held.take("/hold/gone")).respond(.text("too late"))
            // Writing to the closed socket fails and the server closes its side.
            #expect(try await httpEventually { server.activeConnections == 0 })

            let next = try HTTPTestClient(port: server.port)
            try await next.send("GET /now/next HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await next.response().text == "inline /now/next")
        }
    }

    @Test func aLateResponseAfterTheServerClosedTheConnectionIsDropped() async throws {
        let held = HeldResponders()
        let server = HTTPServer(host: "127.0.0.1", port: 0, inline: inlineTestHandler(held)) { _ in .text("async") }
        try server.start()
        let client = try HTTPTestClient(port: server.port)
        try await client.send("GET /hold/x HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await httpEventually { held.count == 1 })
        server.stop()   // closes every connection, the one awaiting its inline answer too
        let (bytes, closed) = try await client.readUntilClosed()
        #expect(bytes.isEmpty && closed)
        try #require(held.take("/hold/x")).respond(.text("after stop"))   // dropped, nothing to write to
    }
}
