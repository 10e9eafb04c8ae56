import Foundation
import Glibc
import Shared
import TestSupport

/// One private redis-server plus helpers to start test-worker processes, enqueue jobs and read what the
/// test job kinds recorded (keys under `uisplanfix:test:`, see Sources/Workers/TestJobs).
final class FleetHarness: @unchecked Sendable {  // owned by one test
    let redisServer: RedisServer
    let redis: RedisClient
    let queueName: String
    let queue: JobQueue
    private var workers: [FleetProcess] = []

    init(queue: String = "test") throws {
        redisServer = try RedisServer()
        redis = RedisClient(resolver: redisServer.resolver, name: "harness")
        queueName = queue
        self.queue = try JobQueue(name: queue, redis: redis)
    }

    deinit { for w in workers where w.isRunning { w.kill(SIGKILL) } }

    var environment: [String: String] {
        ["REDIS_URL": redisServer.url, "FLEET_QUEUES": queueName, "FLEET_HEARTBEAT_TTL_MS": "1000", "FLEET_LOG_LEVEL": "info",
         "FLEET_PROMOTE_INTERVAL_MS": "50"]
    }

    @discardableResult
    func startWorker(_ extra: [String: String] = [:]) throws -> FleetProcess {
        var env = environment
        env.merge(extra) { $1 }
        let worker = try FleetProcess("test-worker", environment: env)
        workers.append(worker)
        return worker
    }

    func fleetctl(_ arguments: String...) async throws -> (Int32, String) {
        try await FleetProcess.run("fleetctl", arguments, environment: ["REDIS_URL": redisServer.url])
    }

    func jobs(_ count: Int, kind: String, payload: JSONValue = [:], key: ((Int) -> String?)? = nil) -> [JobEnvelope] {
        (0..<count).map { i in
            var p = payload
            if case var .object(o) = p { o["seq"] = .number(Double(i)); p = .object(o) }
            return JobEnvelope(kind: kind, tenant: "tenant-\(i % 3)", payload: p, orderingKey: key?(i))
        }
    }

    func list(_ key: String) async throws -> [String] {
        (try await redis.send(RedisCommand("LRANGE", key, "0", "-1")).array ?? []).compactMap(\.string)
    }

    func done() async throws -> [String] { try await list("uisplanfix:test:done") }
    func started() async throws -> [String] { try await list("uisplanfix:test:started") }
    func events() async throws -> [String] { try await list("uisplanfix:test:events") }
    func attemptTimes(_ id: String) async throws -> [Int64] { try await list("uisplanfix:test:attempts:\(id)").compactMap { Int64($0) } }
}
