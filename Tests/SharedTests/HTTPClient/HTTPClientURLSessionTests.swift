import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport
@testable import Shared

/// The URLSession transport without network: plain http to local servers through the
/// `usesURLSessionForHTTP` switch (same conversion code as https), https to a closed local port,
/// and the URLError mapping.
@Suite struct HTTPClientURLSessionTests {
    private func httpClientViaURLSession() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.usesURLSessionForHTTP = true
        return HTTPClient(configuration: configuration)
    }

    @Test func roundTripConvertsRequestAndResponse() async throws {
        let server = try httpClientStartServer { request in
            HTTPResponse(status: 201, headers: [("X-Method", request.method), ("X-Echo", request.headers["X-Test"] ?? "-"),
                                                ("X-Target", request.target)],
                         body: request.body)
        }
        defer { server.stop() }
        let client = httpClientViaURLSession()
        defer { client.shutdown() }
        let body = Array("{\"name\":\"Call 1\",\"id\":\"1\"}".utf8)
        let response = try await client.execute(HTTPClientRequest(
            method: "POST", url: httpClientURL(server.port, "/rest/task/?a=1"),
            headers: [("Content-Type", "application/json"), ("X-Test", "hello")], body: body))
        #expect(response.status == 201)
        #expect(response.header("x-method") == "POST")
        #expect(response.header("X-Echo") == "hello")
        #expect(response.header("x-target") == "/rest/task/?a=1")
        #expect(response.body == body)
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        let server = try httpClientStartServer { request in
            request.path == "/old" ? HTTPResponse(status: 302, headers: [("Location", "/new")]) : .text("new")
        }
        defer { server.stop() }
        for client in [httpClientViaURLSession(), HTTPClient()] {
            let response = try await client.execute(HTTPClientRequest(url: httpClientURL(server.port, "/old")))
            #expect(response.status == 302)
            #expect(response.header("location") == "/new")
            client.shutdown()
        }
    }

    @Test func httpsToAClosedPortIsAConnectFailure() async {
        let client = HTTPClient()
        defer { client.shutdown() }
        let port = httpClientClosedPort()
        let error = await httpClientError {
            _ = try await client.execute(HTTPClientRequest(url: URL(string: "https://127.0.0.1:\(port)/x?key=SECRET")!,
                                                           timeout: .seconds(10)))
        }
        #expect(error?.isConnectFailure == true, "\(String(describing: error))")
        #expect(error.map { !$0.description.contains("SECRET") } == true)
    }

    @Test func wholeRequestTimeoutAndCancellation() async throws {
        let server = HTTPClientFakeServer(script: httpClientNeverAnswer)
        defer { server.stop() }
        let client = httpClientViaURLSession()
        defer { client.shutdown() }
        let start = ContinuousClock.now
        let error = await httpClientError {
            _ = try await client.execute(HTTPClientRequest(url: httpClientURL(server.port), timeout: .milliseconds(300)))
        }
        #expect(error?.isTimeout == true, "\(String(describing: error))")
        #expect(ContinuousClock.now - start < .seconds(20), "a 300 ms timeout must end the request, not hang it")

        let task = Task { try await client.execute(HTTPClientRequest(url: httpClientURL(server.port, "/2"))) }
        #expect(await server.wait { $0.accepted >= 2 })
        task.cancel()
        if case .failure(let failure) = await task.result {
            #expect((failure as? HTTPClientError)?.isCancelled == true, "\(failure)")
        } else {
            Issue.record("request was not cancelled")
        }
    }

    @Test func urlErrorsMapToClientErrorKinds() {
        let timeout = Duration.seconds(1)
        #expect(URLSessionTransport.map(URLError(.timedOut), timedOut: false, timeout: timeout).isTimeout)
        #expect(URLSessionTransport.map(URLError(.cancelled), timedOut: true, timeout: timeout).isTimeout)
        #expect(URLSessionTransport.map(URLError(.cancelled), timedOut: false, timeout: timeout).isCancelled)
        #expect(URLSessionTransport.map(URLError(.cannotConnectToHost), timedOut: false, timeout: timeout).isConnectFailure)
        #expect(URLSessionTransport.map(URLError(.cannotFindHost), timedOut: false, timeout: timeout).isConnectFailure)
        #expect(URLSessionTransport.map(URLError(.secureConnectionFailed), timedOut: false, timeout: timeout).isConnectFailure)
        #expect(URLSessionTransport.map(URLError(.networkConnectionLost), timedOut: false, timeout: timeout).isConnectionClosed)
        #expect(URLSessionTransport.map(URLError(.badServerResponse), timedOut: false, timeout: timeout).isMalformedResponse)
        #expect(URLSessionTransport.map(URLError(.dataLengthExceedsMaximum), timedOut: false, timeout: timeout).isTooLarge)
        #expect(URLSessionTransport.map(URLError(.unsupportedURL), timedOut: false, timeout: timeout).isInvalidURL)
        let secret = URLError(.timedOut, userInfo: [NSURLErrorFailingURLErrorKey: URL(string: "https://x/?token=SECRET")!])
        #expect(!URLSessionTransport.map(secret, timedOut: false, timeout: timeout).description.contains("SECRET"))
    }

    @Test func urlRequestConversionDropsFramingFields() throws {
        let request = HTTPClientRequest(method: "PUT", url: URL(string: "https://example.invalid/a?b=1")!,
                                        headers: [("Content-Length", "999"), ("Connection", "close"), ("X-A", "1"), ("X-A", "2")],
                                        body: [1, 2, 3], timeout: .milliseconds(1500))
        let converted = try URLSessionTransport.makeURLRequest(request)
        #expect(converted.httpMethod == "PUT")
        #expect(converted.url?.absoluteString == "https://example.invalid/a?b=1")
        #expect(converted.value(forHTTPHeaderField: "Connection") == nil)
        #expect(converted.value(forHTTPHeaderField: "Content-Length") == nil)
        #expect(converted.value(forHTTPHeaderField: "X-A") == "1,2")
        #expect(converted.httpBody == Data([1, 2, 3]))
        #expect(converted.timeoutInterval == 1.5)
    }
}
