import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// Misbehaving remote answers over real sockets, through the whole client stack (PlanfixClient → RemoteCallGuard →
/// HTTPClient): each is classified, logged without the token, and nothing crashes.
@Suite(.serialized) struct BadAnswerTests {
    static func http(_ status: String, _ body: [UInt8], contentType: String = "application/json") -> [UInt8] {
        Array("HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body
    }

    func classify(_ answer: [UInt8], drip: Duration? = nil, timeout: Duration = .seconds(5),
                  call: (PlanfixClient) async throws -> Void = { try await $0.ping(holder: "job") }) async throws -> (JobFailure?, [String]) {
        // Every connection reads the request, then gets `answer`, optionally one byte at a time.
        let server = HTTPClientFakeServer { connection in
            guard connection.readRequest() != nil else { return }
            guard let drip else { connection.write(answer); return }
            for byte in answer {
                guard connection.write([byte]) else { return }
                Thread.sleep(forTimeInterval: Double(drip.milliseconds) / 1000)
            }
        }
        defer { server.stop() }
        let redis = try RedisServer()
        let sink = LogSink.memory()
        let callGuard = RemoteCallGuard(redis: RedisClient(resolver: redis.resolver), logger: Logger(process: "test", sink: sink))
        let client = PlanfixClient(tenant: "acme", baseURL: URL(string: "http://127.0.0.1:\(server.port)/rest/")!,
                                   token: "very-secret-planfix-token", budget: RateBudget(perSecond: 100, burst: 10),
                                   callGuard: callGuard, timeout: timeout)
        do {
            try await call(client)
            return (nil, sink.lines)
        } catch let failure as JobFailure {
            return (failure, sink.lines)
        }
    }

    @Test func truncatedJSONIsTransient() async throws {
        let (failure, _) = try await classify(Self.http("200 OK", Array(#"{"result":"succ"#.utf8)))
        #expect(failure?.kind == .transient)
    }

    @Test func htmlErrorPagesAreClassifiedByStatus() async throws {
        let page = Array("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>".utf8)
        #expect(try await classify(Self.http("502 Bad Gateway", page, contentType: "text/html")).0?.kind == .transient)
        #expect(try await classify(Self.http("404 Not Found", page, contentType: "text/html")).0?.kind == .permanent)
    }

    @Test func wrongTypesInASuccessAreAnUnexpectedAnswer() async throws {
        let body = Array(#"{"result":"success","contacts":"not a list"}"#.utf8)
        let (failure, _) = try await classify(Self.http("200 OK", body)) { client in
            _ = try await client.findContacts(phone: PhoneNumber(parsing: "+79001234567")!, holder: "job")
        }
        #expect(failure?.kind == .transient)
        #expect(failure?.errorClass.contains("unexpected") == true, "\(String(describing: failure))")
    }

    @Test func hugeBodiesAreRefusedNotBuffered() async throws {
        var answer = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40000000\r\n\r\n".utf8)
        answer += [UInt8](repeating: 0x20, count: 1024)
        let (failure, _) = try await classify(answer)
        #expect(failure?.kind == .transient, "\(String(describing: failure))")
    }

    @Test func aSlowDripTimesOutAndNothingLeaksTheToken() async throws {
        let (failure, lines) = try await classify(Self.http("200 OK", Array(#"{"result":"success"}"#.utf8)), drip: .milliseconds(100),
                                                  timeout: .milliseconds(800))
        #expect(failure?.kind == .transient)
        #expect(!"\(String(describing: failure))".contains("very-secret-planfix-token"))
        #expect(!lines.joined().contains("very-secret-planfix-token"))
    }
}
