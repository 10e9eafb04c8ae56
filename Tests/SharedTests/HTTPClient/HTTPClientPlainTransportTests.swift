import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Shared

/// Starts the project's HTTPServer on a free loopback port with `handler`.
func httpClientStartServer(_ handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) throws -> HTTPServer {
    let server = HTTPServer(host: "127.0.0.1", port: 0, handler: handler)
    try server.start()
    return server
}

/// Runs `body` and returns the HTTPClientError it throws (nil when it succeeds or throws another error).
func httpClientError(_ body: () async throws -> Void) async -> HTTPClientError? {
    do {
        try await body()
        return nil
    } catch let error as HTTPClientError {
        return error
    } catch {
        return nil
    }
}

/// A fake-server script that answers every request on the connection with 200 "ok".
let httpClientAnswerOK: @Sendable (HTTPClientFakeConnection) -> Void = { connection in
    while connection.readRequest() != nil {
        connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    }
}

@Suite struct HTTPClientPlainTransportTests {
    @Test func getAndPostRoundTripWithHeadersAndBody() async throws {
        let server = try httpClientStartServer { request in
            HTTPResponse(status: request.method == "POST" ? 201 : 200,
                         headers: [("X-Method", request.method), ("X-Echo", request.headers["X-Test"] ?? "-"),
                                   ("X-Query", request.queryValue("q") ?? "-"),
                                   ("X-Type", request.headers["Content-Type"] ?? "-")],
                         body: request.body.isEmpty ? Array("empty".utf8) : request.body)
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }

        let get = try await client.execute(HTTPClientRequest(url: httpClientURL(server.port, "/items?q=a%20b"),
                                                             headers: [("X-Test", "hello")]))
        #expect(get.status == 200)
        #expect(get.header("x-method") == "GET")
        #expect(get.header("X-ECHO") == "hello")
        #expect(get.header("x-query") == "a b")
        #expect(get.body == Array("empty".utf8))

        let json = Array("{\"name\":\"Call 1\",\"id\":\"1\"}".utf8)
        let post = try await client.execute(HTTPClientRequest(
            method: "POST", url: httpClientURL(server.port, "/rest/task/"),
            headers: [("Content-Type", "application/json"), ("Authorization", "Bearer x")], body: json))
        #expect(post.status == 201)
        #expect(post.header("X-Type") == "application/json")
        #expect(post.body == json)

        let head = try await client.execute(HTTPClientRequest(method: "HEAD", url: httpClientURL(server.port, "/")))
        #expect(head.status == 200 && head.body.isEmpty)

        let big = [UInt8](repeating: 0x61, count: 300_000)
        let echoed = try await client.execute(HTTPClientRequest(method: "PUT", url: httpClientURL(server.port, "/big"), body: big))
        #expect(echoed.status == 200 && echoed.body == big)
    }

    @Test func keepAliveReusesOneConnectionForSequentialRequests() async throws {
        let server = HTTPClientFakeServer(script: httpClientAnswerOK)
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        for _ in 0..<10 {
            let response = try await client.execute(HTTPClientRequest(url: httpClientURL(server.port)))
            #expect(response.status == 200 && response.body == Array("ok".utf8))
        }
        #expect(server.accepted == 1)
    }

    @Test func poolIsBoundedUnderManyConcurrentRequests() async throws {
        let server = HTTPClientFakeServer { connection in
            while connection.readRequest() != nil {
                usleep(1_000)
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            }
        }
        defer { server.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.maxConnectionsPerHost = 8
        let client = HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<200 {
                group.addTask { try await client.execute(HTTPClientRequest(url: httpClientURL(server.port, "/\(i)"))).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 200 && statuses.allSatisfy { $0 == 200 })
        #expect(server.maxOpen <= 8)
        #expect(server.accepted <= 8)
        #expect(server.maxOpen >= 2)
    }

    @Test func staleKeepAliveConnectionIsRetriedForGetButNotForPost() async throws {
        // The second request on every connection is read and then the connection is closed without
        // an answer: what a server closing an idle keep-alive connection looks like to the client.
        let server = HTTPClientFakeServer { connection in
            while connection.readRequest() != nil {
                if connection.requests == 2 { return }
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            }
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let url = httpClientURL(server.port, "/rest/task/")
        #expect(try await client.execute(HTTPClientRequest(url: url)).status == 200)
        #expect(try await client.execute(HTTPClientRequest(url: url)).status == 200) // retried on a fresh connection
        #expect(server.accepted == 2)
        let error = await httpClientError {
            _ = try await client.execute(HTTPClientRequest(method: "POST", url: url, body: Array("{}".utf8)))
        }
        #expect(error?.isConnectionClosed == true, "\(String(describing: error))")
        #expect(server.accepted == 2) // the POST was not sent again
        #expect(try await client.execute(HTTPClientRequest(method: "POST", url: url)).status == 200)
    }

    @Test func idleConnectionClosedByTheServerIsNotReused() async throws {
        let server = HTTPClientFakeServer { connection in
            if connection.readRequest() != nil {
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            }
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let url = httpClientURL(server.port)
        #expect(try await client.execute(HTTPClientRequest(url: url)).status == 200)
        #expect(await server.wait { $0.open == 0 })
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await client.execute(HTTPClientRequest(method: "POST", url: url)).status == 200)
        #expect(server.accepted == 2)
    }

    @Test func idleConnectionsAreClosedAfterIdleTimeout() async throws {
        let server = HTTPClientFakeServer(script: httpClientAnswerOK)
        defer { server.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.idleTimeout = .milliseconds(200)
        let client = HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        #expect(try await client.execute(HTTPClientRequest(url: httpClientURL(server.port))).status == 200)
        #expect(await server.wait(seconds: 3) { $0.closedByClient == 1 })
        #expect(try await client.execute(HTTPClientRequest(url: httpClientURL(server.port))).status == 200)
        #expect(server.accepted == 2)
    }

    @Test func connectionCloseFromTheServerIsHonoured() async throws {
        let server = HTTPClientFakeServer { connection in
            if connection.readRequest() != nil {
                connection.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
                connection.waitForClose()
            }
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        for _ in 0..<3 {
            #expect(try await client.execute(HTTPClientRequest(url: httpClientURL(server.port))).status == 200)
        }
        #expect(server.accepted == 3)
        #expect(await server.wait { $0.closedByClient == 3 })
    }
}
