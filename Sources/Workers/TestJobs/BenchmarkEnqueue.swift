import Foundation
import Shared

/// `test-worker enqueue QUEUE KIND N [--batch B] [--payload JSON] [--ordering-keys K]`: puts N jobs on a queue
/// in batches (one LPUSH per batch), as a producer would. With `--ordering-keys K` job i gets key `key-(i % K)`.
enum BenchmarkEnqueue {
    static func run(_ words: [String], resolver: RedisEndpointResolver) async throws {
        guard words.count >= 3, let count = Int(words[2]) else {
            throw ConfigurationError("usage: test-worker enqueue QUEUE KIND N [--batch B] [--payload JSON] [--ordering-keys K]")
        }
        func option(_ name: String) -> String? {
            guard let i = words.firstIndex(of: "--" + name), i + 1 < words.count else { return nil }
            return words[i + 1]
        }
        let batch = Int(option("batch") ?? "1000") ?? 1000
        let orderingKeys = Int(option("ordering-keys") ?? "0") ?? 0
        let payload = try JSONDecoder().decode(JSONValue.self, from: Data((option("payload") ?? "{}").utf8))
        let redis = RedisClient(resolver: resolver, name: "enqueue")
        let queue = try JobQueue(name: words[0], redis: redis)
        var jobs: [JobEnvelope] = []
        for i in 0..<count {
            var p = payload
            if case var .object(o) = p { o["seq"] = .number(Double(i)); p = .object(o) }
            jobs.append(JobEnvelope(kind: words[1], tenant: "bench", payload: p, orderingKey: orderingKeys > 0 ? "key-\(i % orderingKeys)" : nil))
            if jobs.count == batch { try await queue.enqueue(batch: jobs); jobs = [] }
        }
        try await queue.enqueue(batch: jobs)
        redis.close()
    }
}
