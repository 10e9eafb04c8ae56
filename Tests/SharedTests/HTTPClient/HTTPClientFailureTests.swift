import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// A fake-server script that reads requests and never answers, until the client closes.
let httpClientNeverAnswer: @Sendable (HTTPClientFakeConnection) -> Void = { connection in
    connection.waitForClose()
}

/// Canned answers by request path, for misbehaving-server tests; "/ok" answers properly.
let httpClientBadAnswers: [String: String] = [
    "/garbage": "HELLO WORLD\r\n\r\n",
    "/negative": "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
    "/oversized": "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n",
    "/badchunk": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    "/bigchunks": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + String(repeating: "a", count: 600)
        + "\r\n258\r\n" + String(repeating: "b", count: 600) + "\r\n0\r\n\r\n",
    "/cut": "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part",
    "/chunked": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nTrailer: 1\r\n\r\n",
    "/continue": "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone",
    "/untilclose": "HTTP/1.1 200 OK\r\n\r\nclose-delimited body",
]

@Suite struct HTTPClientFailureTests {
    @Test func requestTimeoutAgainstAServerThatNeverAnswers() async throws {
        let server = HTTPClientFakeServer(script: httpClientNeverAnswer)
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let start = ContinuousClock.now
        let error = await httpClientError {
            _ = try await client.execute(HTTPClientRequest(url: httpClientURL(server.port, "/slow"), timeout: .milliseconds(300)))
        }
        let elapsed = ContinuousClock.now - start
        #expect(error?.isTimeout == true, "\(String(describing: error))")
        #expect(elapsed >= .milliseconds(290) && elapsed < .seconds(15), "\(elapsed)")
        #expect(await server.wait { $0.closedByClient == 1 }) // the connection was discarded
    }

    @Test func cancellationEndsTheRequestQuickly() async throws {
        let server = HTTPClientFakeServer(script: httpClientNeverAnswer)
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let task = Task { try await client.execute(HTTPClientRequest(url: httpClientURL(server.port))) }
        #expect(await server.wait { $0.accepted == 1 })
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - start < .seconds(10), "cancellation must end the request, not wait for the server")
        guard case .failure(let error) = result, let clientError = error as? HTTPClientError else {
            Issue.record("expected a cancellation error, got \(result)")
            return
        }
        #expect(clientError.isCancelled)
        #expect(await server.wait { $0.closedByClient == 1 })
    }

    @Test func queuedRequestsTimeOutAndCancelWithoutAConnection() async throws {
        let server = HTTPClientFakeServer(script: httpClientNeverAnswer)
        defer { server.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.maxConnectionsPerHost = 1
        let client = HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        let url = httpClientURL(server.port)
        let first = Task { try await client.execute(HTTPClientRequest(url: url, timeout: .seconds(2))) }
        #expect(await server.wait { $0.accepted == 1 })
        let queuedError = await httpClientError {
            _ = try await client.execute(HTTPClientRequest(url: url, timeout: .milliseconds(200)))
        }
        #expect(queuedError?.isTimeout == true)
        let queued = Task { try await client.execute(HTTPClientRequest(url: url)) }
        try await Task.sleep(for: .milliseconds(50))
        queued.cancel()
        if case .failure(let error) = await queued.result {
            #expect((error as? HTTPClientError)?.isCancelled == true)
        } else {
            Issue.record("queued request was not cancelled")
        }
        first.cancel()
        _ = await first.result
        #expect(server.accepted == 1)
    }

    @Test func malformedAnswersFailAndTheClientKeepsWorking() async throws {
        let server = HTTPClientFakeServer { connection in
            while let (head, _) = connection.readRequest() {
                guard let answer = httpClientBadAnswers[httpClientPath(head)] else {
                    connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                    continue
                }
                connection.write(answer)
                if ["/chunked", "/continue"].contains(httpClientPath(head)) { continue } // valid keep-alive answers
                return
            }
        }
        defer { server.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.maxResponseBytes = 1000
        let client = HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        let expectations: [(String, (HTTPClientError) -> Bool)] = [
            ("/garbage", \.isMalformedResponse), ("/negative", \.isMalformedResponse), ("/oversized", \.isTooLarge),
            ("/badchunk", \.isMalformedResponse), ("/bigchunks", \.isTooLarge), ("/cut", \.isConnectionClosed),
        ]
        for (path, check) in expectations {
            let error = await httpClientError { _ = try await client.execute(HTTPClientRequest(url: httpClientURL(server.port, path))) }
            #expect(error.map(check) == true, "\(path): \(String(describing: error))")
            #expect(try await client.execute(HTTPClientRequest(url: httpClientURL(server.port, "/ok"))).status == 200)
        }
        let chunked = try await client.execute(HTTPClientRequest(url: httpClientURL(server.port, "/chunked")))
        #expect(chunked.body == Array("abc".utf8))
        let afterContinue = try await client.execute(HTTPClientRequest(method: "POST", url: httpClientURL(server.port, "/continue")))
        #expect(afterContinue.status == 200 && afterContinue.body == Array("done".utf8))
        let untilClose = try await client.execute(HTTPClientRequest(url: httpClientURL(server.port, "/untilclose")))
        #expect(untilClose.body == Array("close-delimited body".utf8))
    }

    @Test func refusedConnectionIsAConnectFailure() async {
        let client = HTTPClient()
        defer { client.shutdown() }
        let error = await httpClientError {
            _ = try await client.execute(HTTPClientRequest(method: "POST", url: httpClientURL(httpClientClosedPort(), "/x")))
        }
        #expect(error?.isConnectFailure == true, "\(String(describing: error))")
        #expect(error?.isTimeout == false)
    }

    @Test func connectTimeoutWhenTheServerDoesNotAccept() async {
        let (port, fds) = httpClientFullListener()
        defer { for fd in fds { close(fd) } }
        var configuration = HTTPClient.Configuration()
        configuration.connectTimeout = .milliseconds(300)
        let client = HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        let start = ContinuousClock.now
        let error = await httpClientError {
            _ = try await client.execute(HTTPClientRequest(method: "POST", url: httpClientURL(port), timeout: .seconds(5)))
        }
        #expect(error?.isConnectFailure == true, "\(String(describing: error))")
        #expect(error?.message.contains("timed out") == true)
        #expect(ContinuousClock.now - start < .seconds(10), "the connect timeout, not the 5 s request timeout, must end it")
    }

    @Test func invalidURLsAndHeadersAreRejectedBeforeSending() async {
        let client = HTTPClient()
        defer { client.shutdown() }
        for text in ["ftp://127.0.0.1/x", "http://user:hunter2@127.0.0.1:1/", "http://127.0.0.1:99999/", "mailto:a@b.c"] {
            let error = await httpClientError { _ = try await client.execute(HTTPClientRequest(url: URL(string: text)!)) }
            #expect(error?.isInvalidURL == true, "\(text): \(String(describing: error))")
            #expect(error.map { !$0.description.contains("hunter2") } == true)
        }
        let injected = await httpClientError {
            _ = try await client.execute(HTTPClientRequest(url: httpClientURL(1), headers: [("X-A", "v\r\nX-Evil: 1")]))
        }
        #expect(injected?.isInvalidRequest == true)
        #expect(injected.map { !$0.description.contains("Evil") } == true)
    }

    @Test func errorMessagesHideQueryStringsAndAuthorization() async throws {
        let server = HTTPClientFakeServer(script: httpClientNeverAnswer)
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let error = await httpClientError {
            _ = try await client.execute(HTTPClientRequest(
                url: httpClientURL(server.port, "/api/call?token=SECRET1&x=1"),
                headers: [("Authorization", "Bearer SECRET2")], timeout: .milliseconds(100)))
        }
        let text = try #require(error).description
        #expect(text.contains("/api/call") && text.contains("GET"))
        #expect(!text.contains("SECRET") && !text.contains("token"))
    }

    @Test func shutdownFailsRequestsInFlightAndLaterOnes() async throws {
        let server = HTTPClientFakeServer(script: httpClientNeverAnswer)
        defer { server.stop() }
        let client = HTTPClient()
        let task = Task { try await client.execute(HTTPClientRequest(url: httpClientURL(server.port))) }
        #expect(await server.wait { $0.accepted == 1 })
        client.shutdown()
        if case .failure(let error) = await task.result {
            #expect((error as? HTTPClientError)?.isCancelled == true)
        } else {
            Issue.record("request survived shutdown")
        }
        let later = await httpClientError { _ = try await client.execute(HTTPClientRequest(url: httpClientURL(server.port))) }
        #expect(later?.isCancelled == true)
        client.shutdown()
    }
}
