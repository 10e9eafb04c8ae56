import Foundation
import Glibc
import Testing
@testable import Shared

@Suite struct HTTPClientRequestEncodingTests {
    private func httpClientEncode(_ request: HTTPClientRequest) throws -> String {
        String(decoding: try HTTPRequestEncoder.encode(request, target: HTTPClientTarget(request.url)), as: UTF8.self)
    }

    @Test func getHasNoContentLengthAndKeepsTheQuery() throws {
        let text = try httpClientEncode(HTTPClientRequest(url: URL(string: "http://127.0.0.1:8080/a%20b/c?x=1&y=%2F#frag")!,
                                                          headers: [("Accept", "*/*"), ("Connection", "close")]))
        #expect(text == "GET /a%20b/c?x=1&y=%2F HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test func postAlwaysHasContentLength() throws {
        let empty = try httpClientEncode(HTTPClientRequest(method: "POST", url: URL(string: "http://example.com")!))
        #expect(empty == "POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
        let json = try httpClientEncode(HTTPClientRequest(method: "POST", url: URL(string: "http://h:80/rest/?q")!,
                                                          headers: [("Content-Length", "1"), ("Host", "virtual")], body: Array("{}".utf8)))
        #expect(json == "POST /rest/?q HTTP/1.1\r\nContent-Length: 2\r\nHost: virtual\r\nConnection: keep-alive\r\n\r\n{}")
    }

    @Test func targetsParseHostPortAndSafeDescription() throws {
        let v6 = try HTTPClientTarget(URL(string: "http://[::1]:9000/p?secret=1")!)
        #expect(v6.host == "::1" && v6.port == 9000 && v6.hostHeader == "[::1]:9000" && v6.requestTarget == "/p?secret=1")
        #expect(v6.safeDescription == "http://[::1]:9000/p")
        let https = try HTTPClientTarget(URL(string: "HTTPS://Example.com?x=1")!)
        #expect(https.isHTTPS && https.port == 443 && https.requestTarget == "/?x=1" && https.hostHeader == "Example.com")
    }

    @Test func ipv6LoopbackWorksEndToEnd() async throws {
        let server = HTTPServer(host: "::1", port: 0) { _ in .text("six") }
        do { try server.start() } catch { return } // no IPv6 loopback on this machine
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.execute(HTTPClientRequest(url: URL(string: "http://[::1]:\(server.port)/")!))
        #expect(response.body == Array("six".utf8))
    }

    @Test func localhostNameResolves() async throws {
        let server = try httpClientStartServer { _ in .text("named") }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.execute(HTTPClientRequest(url: URL(string: "http://localhost:\(server.port)/")!))
        #expect(response.body == Array("named".utf8))
    }

    @Test func namesAreResolvedOnAHelperThread() async throws {
        let result = await withCheckedContinuation { continuation in
            HTTPClientSocket.resolveInBackground(host: "localhost", port: 8080) { continuation.resume(returning: $0) }
        }
        let address = try result.get()
        #expect(address.family == AF_INET || address.family == AF_INET6)
    }

    /// A name that /etc/hosts maps to 127.0.0.1 goes through getaddrinfo on a helper thread, then
    /// connects. Skipped where /etc/hosts has no such name (no DNS query is ever made here).
    @Test func hostNameFromEtcHostsConnects() async throws {
        let hosts = (try? String(contentsOfFile: "/etc/hosts", encoding: .utf8)) ?? ""
        let names = hosts.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "127.0.0.1" else { return nil }
            return fields.dropFirst().first { $0 != "localhost" && !$0.hasPrefix("#") }.map(String.init)
        }
        guard let name = names.first else { return }
        let server = try httpClientStartServer { _ in .text("resolved") }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.execute(HTTPClientRequest(url: URL(string: "http://\(name):\(server.port)/")!))
        #expect(response.body == Array("resolved".utf8))
    }
}
