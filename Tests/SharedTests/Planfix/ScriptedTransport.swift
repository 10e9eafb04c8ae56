import Foundation
import Synchronization
import TestSupport
@testable import Shared

/// A `RemoteTransport` for client tests: records every request and answers from a script.
final class ScriptedTransport: RemoteTransport {
    struct Request: Sendable {
        var method: String
        var url: URL
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1 }
        var bodyText: String { String(decoding: body, as: UTF8.self) }
        /// The body parsed as a JSON object.
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
        /// The URL path relative to the host.
        var path: String { URLComponents(url: url, resolvingAgainstBaseURL: false)?.path ?? url.path }
        var query: String? { url.query }
    }

    private let state: Mutex<(requests: [Request], answers: [RemoteAnswer])>
    private let fallback: @Sendable (Request) throws -> RemoteAnswer

    /// Answers with `answers` in order, then with `fallback`.
    init(_ answers: [RemoteAnswer] = [],
         fallback: @escaping @Sendable (Request) throws -> RemoteAnswer = { _ in throw RemoteTransportError("script exhausted") }) {
        state = Mutex(([], answers))
        self.fallback = fallback
    }

    convenience init(json: String..., status: Int = 200) {
        self.init(json.map { RemoteAnswer(status: status, body: Array($0.utf8)) })
    }

    var requests: [Request] { state.withLock { $0.requests } }
    var last: Request? { requests.last }

    func send(method: String, url: URL, headers: [(String, String)], body: [UInt8], timeout: Duration,
              sendBy: ContinuousClock.Instant?) async throws -> RemoteAnswer {
        let request = Request(method: method, url: url, headers: headers, body: body)
        let next: RemoteAnswer? = state.withLock { s in
            s.requests.append(request)
            return s.answers.isEmpty ? nil : s.answers.removeFirst()
        }
        if let next { return next }
        return try fallback(request)
    }
}

/// A private redis-server and a `RemoteCallGuard` on it, for client tests.
struct GuardHarness {
    let server: RedisServer
    let callGuard: RemoteCallGuard
    /// Fast enough that tests never wait for the budget.
    static let fast = RateBudget(perSecond: 1000, burst: 100)

    init() throws {
        server = try RedisServer()
        callGuard = RemoteCallGuard(redis: RedisClient(resolver: server.resolver), logger: Logger(process: "t", sink: .memory()))
    }

    /// Runs `body` and returns the `JobFailure` it threw (nil when it did not throw one).
    static func failure(_ body: () async throws -> Void) async -> JobFailure? {
        do { try await body(); return nil } catch let f as JobFailure { return f } catch { return nil }
    }
}

/// A fresh job id per call.
func job() -> String { "job-\(UUID().uuidString.prefix(8))" }
