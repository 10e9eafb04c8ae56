import Foundation
import Shared
import TestSupport
@testable import IngestCore

/// A private redis-server, the example tenant `acme` stored in it, and an `IngestService` driven without sockets
/// (`route(_:)` is what the HTTP server calls); `IngestProcessTests` covers the same service over real sockets.
final class IngestHarness: @unchecked Sendable {  // owned by one test
    static let example = Executables.packageRoot.appendingPathComponent("settings/tenant.example.json")
    static let secret = "hook-secret-example-0123456789"
    static let pbxKey = "our-pbx-key-example"
    static let adminToken = "admin-token-0123456789abcdef"

    let redisServer: RedisServer
    let redis: RedisClient
    let service: IngestService
    let logs = LogSink.memory()
    let metrics = MetricsRegistry()

    init(routingBudget: Duration = .milliseconds(250)) async throws {
        redisServer = try RedisServer()
        redis = RedisClient(resolver: redisServer.resolver, name: "ingest-test")
        var configuration = IngestConfiguration(publicURL: "https://hooks.example.ru", adminToken: Self.adminToken)
        configuration.routingBudget = routingBudget
        service = try IngestService(configuration: configuration, redis: redis, logger: Logger(process: "ingest", minimumLevel: .debug, sink: logs),
                                    metrics: metrics)
        try await storeTenant("acme")
    }

    func storeTenant(_ tenant: String, edit: (inout String) -> Void = { _ in }) async throws {
        var text = try String(contentsOf: Self.example, encoding: .utf8)
        edit(&text)
        _ = try await TenantOperations(redis: redis).importDocument(tenant: tenant, bytes: Array(text.utf8))
    }

    func hookPath(_ suffix: String, tenant: String = "acme", secret: String = IngestHarness.secret) -> String {
        "/hooks/\(tenant)/\(secret)/\(suffix)"
    }

    func send(_ method: String, _ target: String, body: String = "", headers: [(String, String)] = []) async -> HTTPResponse {
        let request = HTTPRequest(method: method, target: target, headers: HTTPHeaders(headers), body: Array(body.utf8))
        return await service.route(request) ?? HTTPResponse(status: -1)
    }

    func admin(_ method: String, _ target: String, body: String = "") async -> HTTPResponse {
        await send(method, target, body: body, headers: [("Authorization", "Bearer \(Self.adminToken)")])
    }

    var telephony: JobQueue { try! JobQueue(name: FleetJobs.Queue.telephony, redis: redis) }
    var chats: JobQueue { try! JobQueue(name: FleetJobs.Queue.chats, redis: redis) }
    var deals: JobQueue { try! JobQueue(name: FleetJobs.Queue.deals, redis: redis) }

    /// Every job stored in a queue: plain ones in `ready` and ordered ones in their ordering lists.
    func jobs(in queue: JobQueue) async throws -> [JobEnvelope] {
        var raw: [[UInt8]] = (try await redis.send(RedisCommand("LRANGE", queue.keys.ready, "0", "-1")).array ?? []).compactMap(\.bytes)
        let pattern = queue.keys.ordered("*")
        for key in (try await redis.send(RedisCommand("KEYS", pattern)).array ?? []).compactMap(\.string) {
            raw += (try await redis.send(RedisCommand("LRANGE", key, "0", "-1")).array ?? []).compactMap(\.bytes)
        }
        return raw.compactMap { bytes in if case let .job(job) = QueueElement(raw: bytes) { return job } else { return nil } }
    }

    func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    func json(_ response: HTTPResponse) -> [String: JSONValue] {
        if case let .object(o)? = try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)) { return o }
        return [:]
    }
}
