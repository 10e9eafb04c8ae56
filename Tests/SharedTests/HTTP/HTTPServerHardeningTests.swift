import Foundation
import Testing
@testable import Shared

/// Small limits so the oversized inputs stay small.
private let smallLimits: HTTPServerLimits = {
    var limits = HTTPServerLimits()
    limits.maxRequestLineBytes = 1024
    limits.maxHeaderBytes = 4096
    limits.maxHeaderCount = 20
    limits.maxBodyBytes = 10_000
    return limits
}()

@Suite("HTTPServer hardening over sockets", .serialized)
struct HTTPServerHardeningTests {
    /// Bad inputs over a real socket: each gets its status, `Connection: close` and a closed
    /// connection, and the server still answers a good request on a new connection afterwards.
    static let badInputs: [(String, String, Int)] = [
        ("oversized request line", "GET /\(String(repeating: "a", count: 2000)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("oversized header block", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 5000))\r\n\r\n", 431),
        ("too many headers", "GET / HTTP/1.1\r\nHost: x\r\n" + (0..<25).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
        ("oversized body (Content-Length)", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n"
            + String(repeating: "c", count: 20000), 413),
        ("oversized body (chunked)", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + String(repeating: "1000\r\n" + String(repeating: "d", count: 4096) + "\r\n", count: 4), 413),
        ("CL and TE", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("bad chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\nabc\r\n0\r\n\r\n", 400),
        ("garbage", "\u{16}\u{03}\u{01}\u{02}\u{00}binary-garbage\r\n\r\n", 400),
        ("NUL in header", "GET / HTTP/1.1\r\nHost: x\r\nX: a\u{00}b\r\n\r\n", 400),
        ("space before colon", "GET / HTTP/1.1\r\nHost: x\r\nX-Y : z\r\n\r\n", 400),
        ("differing Content-Lengths", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        ("unknown transfer coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: br, chunked\r\n\r\n", 501),
        ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    ]

    @Test(arguments: badInputs)
    func badInputIsRejectedAndServerKeepsServing(name: String, input: String, status: Int) async throws {
        try await withHTTPServer(limits: smallLimits) { server in
            let bad = try HTTPTestClient(port: server.port)
            try await bad.send(input)
            let response = try await bad.response()
            #expect(response.status == status, "\(name)")
            #expect(response.header("Connection") == "close", "\(name)")
            #expect(try await bad.readUntilClosed().closed, "\(name)")

            let good = try HTTPTestClient(port: server.port)
            try await good.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let ok = try await good.response()
            #expect(ok.status == 200, "\(name)")
            #expect(ok.text == "ok", "\(name)")
        }
    }

    @Test func defaultLimitsRejectABodyTooLargeFromItsContentLength() async throws {
        try await withHTTPServer { server in
            let client = try HTTPTestClient(port: server.port)
            // No body is sent: the 413 must come from the declared length alone.
            try await client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(2 * 1024 * 1024)\r\n\r\n")
            #expect(try await client.response().status == 413)
        }
    }

    @Test func incompleteRequestGets408AfterReadTimeout() async throws {
        var limits = HTTPServerLimits()
        limits.readTimeout = .milliseconds(300)
        try await withHTTPServer(limits: limits) { server in
            let client = try HTTPTestClient(port: server.port)
            let started = ContinuousClock.now
            try await client.send("GET / HTTP/1.1\r\nHost: x\r\n")
            let response = try await client.response()
            let elapsed = ContinuousClock.now - started
            #expect(response.status == 408)
            #expect(elapsed >= .milliseconds(250))
            #expect(elapsed < .seconds(15))
            #expect(try await client.readUntilClosed().closed)
            // A slow but complete request inside the window is fine.
            let other = try HTTPTestClient(port: server.port)
            try await other.send("GET / HTTP/1.1\r\n")
            try await Task.sleep(for: .milliseconds(50))
            try await other.send("Host: x\r\n\r\n")
            #expect(try await other.response().status == 200)
        }
    }

    @Test func idleKeepAliveConnectionIsClosedSilently() async throws {
        var limits = HTTPServerLimits()
        limits.idleTimeout = .milliseconds(300)
        try await withHTTPServer(limits: limits) { server in
            let client = try HTTPTestClient(port: server.port)
            try await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.response().status == 200)
            let started = ContinuousClock.now
            let (bytes, closed) = try await client.readUntilClosed()
            #expect(closed)
            #expect(bytes.isEmpty)   // silently: no 408
            #expect(ContinuousClock.now - started >= .milliseconds(250))
        }
    }

    @Test func connectionsOverTheLimitGet503() async throws {
        var limits = HTTPServerLimits()
        limits.maxConnections = 2
        try await withHTTPServer(limits: limits) { server in
            var held: [HTTPTestClient] = []
            for _ in 0..<2 {
                let client = try HTTPTestClient(port: server.port)
                try await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try await client.response().status == 200)
                held.append(client)
            }
            let refused = try HTTPTestClient(port: server.port)
            try await refused.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await refused.response()
            #expect(response.status == 503)
            #expect(response.header("Connection") == "close")
            #expect(try await refused.readUntilClosed().closed)
            // The held connections still work; freeing one makes room again.
            try await held[0].send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await held[0].response().status == 200)
            try await held[1].send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(try await held[1].response().status == 200)
            #expect(try await held[1].readUntilClosed().closed)
            let admitted = try await httpEventually {
                let client = try HTTPTestClient(port: server.port)
                try await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                return try await client.response().status == 200
            }
            #expect(admitted)
        }
    }

    @Test func manyConcurrentClientsAreAllServed() async throws {
        try await withHTTPServer(handler: httpEchoHandler) { server in
            let port = server.port
            let ok = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        let client = try HTTPTestClient(port: port)
                        for j in 0..<5 {
                            try await client.send("GET /c\(i)?q=\(j) HTTP/1.1\r\nHost: x\r\n\r\n")
                            let text = try await client.response().text
                            if !text.hasPrefix("GET /c\(i) q=\(j) ") { return false }
                        }
                        return true
                    }
                }
                return try await group.reduce(true) { $0 && $1 }
            }
            #expect(ok)
        }
    }
}
