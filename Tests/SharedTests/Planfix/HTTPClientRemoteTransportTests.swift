import Foundation
import Synchronization
import Testing
@testable import Shared

/// `HTTPClientRemoteTransport` against the fleet's own local `HTTPServer`: real bytes on a real socket.
@Suite struct HTTPClientRemoteTransportTests {
    @Test func sendsMethodHeadersAndBodyAndReturnsTheAnswer() async throws {
        let seen = Mutex<HTTPRequest?>(nil)
        let server = HTTPServer(host: "127.0.0.1", port: 0) { request in
            seen.withLock { $0 = request }
            return HTTPResponse(status: 201, headers: [("Content-Type", "application/json"), ("X-RateLimit-Remaining", "19876")],
                                body: Array(#"{"result":"success","id":5}"#.utf8))
        }
        try server.start()
        defer { server.stop() }
        let url = URL(string: "http://127.0.0.1:\(server.port)/planfix/acme/rest/task/?x=1")!
        let answer = try await HTTPClientRemoteTransport().send(method: "POST", url: url,
                                                                headers: [("Authorization", "Bearer t0k3n-abc"), ("Content-Type", "application/json")],
                                                                body: Array(#"{"name":"Звонок"}"#.utf8), timeout: .seconds(5), sendBy: nil)
        #expect(answer.status == 201)
        #expect(answer.header("x-ratelimit-remaining") == "19876")
        #expect(String(decoding: answer.body, as: UTF8.self) == #"{"result":"success","id":5}"#)
        let request = try #require(seen.withLock { $0 })
        #expect(request.method == "POST")
        #expect(request.path == "/planfix/acme/rest/task/")
        #expect(request.headers["Authorization"] == "Bearer t0k3n-abc")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"name":"Звонок"}"#)
    }

    @Test func aRefusedConnectionIsATransportErrorWithoutQueryOrSecrets() async throws {
        let server = HTTPServer(host: "127.0.0.1", port: 0) { _ in HTTPResponse(status: 200) }
        try server.start()
        let port = server.port
        server.stop()
        do {
            _ = try await HTTPClientRemoteTransport().send(method: "POST", url: URL(string: "http://127.0.0.1:\(port)/tel/api?planfix_token=sekret123")!,
                                                           headers: [], body: Array("planfix_token=sekret123".utf8), timeout: .seconds(2),
                                                           sendBy: nil)
            Issue.record("expected a failure")
        } catch let error as RemoteTransportError {
            #expect(!error.message.contains("sekret123"))
            #expect(!error.message.contains("?"), "the query string (where a token could be) must not be quoted")
            #expect(error.message.contains("127.0.0.1"))
        }
    }

    @Test func aClosedSendWindowSendsNothingAndTheConnectionServesTheNextRequest() async throws {
        let seen = Mutex(0)
        let server = HTTPServer(host: "127.0.0.1", port: 0) { _ in
            seen.withLock { $0 += 1 }
            return HTTPResponse(status: 200)
        }
        try server.start()
        defer { server.stop() }
        let url = URL(string: "http://127.0.0.1:\(server.port)/planfix/acme/rest/task/")!
        let transport = HTTPClientRemoteTransport()
        #expect(try await transport.send(method: "POST", url: url, headers: [], body: [], timeout: .seconds(5), sendBy: nil).status == 200)
        do {
            _ = try await transport.send(method: "POST", url: url, headers: [], body: [], timeout: .seconds(5),
                                         sendBy: ContinuousClock.now - .milliseconds(1))
            Issue.record("a request past its send window was sent")
        } catch let error as RemoteTransportError {
            #expect(error.missedSendWindow)
        }
        #expect(try await transport.send(method: "POST", url: url, headers: [], body: [], timeout: .seconds(5),
                                         sendBy: ContinuousClock.now + .seconds(5)).status == 200)
        #expect(seen.withLock { $0 } == 2, "the late request never reached the server")
    }
}
