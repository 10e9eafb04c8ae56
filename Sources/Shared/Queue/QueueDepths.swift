/// A snapshot of one queue for `fleetctl queues` and the metrics.
public struct QueueDepths: Sendable, Codable, Equatable {
    public var queue: String
    /// Elements in `ready` (jobs, and ordering keys whose next job is due).
    public var ready: Int
    /// Jobs waiting in ordering lists, including each key's running head.
    public var orderedPending: Int
    public var processing: Int
    public var delayed: Int
    public var dead: Int
    public var consumers: Int
    /// Age in seconds of the job at the front of `ready` (0 when empty).
    public var oldestAgeSeconds: Double
    /// Fleet-wide counts since the queue was created.
    public var expired: Int
    public var poison: Int
    public var undecodable: Int
}

extension JobQueue {
    /// Reads the depths in two round trips.
    public func depths(now: Int64 = WallClock.epochMillis()) async throws -> QueueDepths {
        let replies = try await redis.pipeline([
            RedisCommand("LLEN", keys.ready),
            RedisCommand("ZCARD", keys.delayed),
            RedisCommand("HLEN", keys.dead),
            RedisCommand("SMEMBERS", keys.consumers),
            RedisCommand("LINDEX", keys.ready, "-1"),
            RedisCommand("HMGET", keys.stats, "ordered_pending", "expired", "poison", "undecodable"),
        ])
        for r in replies { try r.orThrow() }
        let consumers = (replies[3].array ?? []).compactMap(\.string)
        let processing = try await redis.pipeline(consumers.map { RedisCommand("LLEN", keys.processing($0)) })
        let stats = replies[5].array ?? []
        var oldest = 0.0
        if let front = replies[4].bytes {
            var enqueuedAt: Int64?
            switch QueueElement(raw: front) {
            case let .job(job): enqueuedAt = job.enqueuedAt
            case let .token(key):
                if let head = try await redis.send(RedisCommand("LINDEX", keys.ordered(key), "0")).bytes,
                   case let .job(job) = QueueElement(raw: head) { enqueuedAt = job.enqueuedAt }
            case .unreadable: break
            }
            if let enqueuedAt { oldest = max(0, Double(now - enqueuedAt) / 1000) }
        }
        func stat(_ i: Int) -> Int { i < stats.count ? stats[i].int ?? 0 : 0 }
        return QueueDepths(queue: name, ready: replies[0].int ?? 0, orderedPending: stat(0),
                           processing: processing.reduce(0) { $0 + ($1.int ?? 0) }, delayed: replies[1].int ?? 0,
                           dead: replies[2].int ?? 0, consumers: consumers.count, oldestAgeSeconds: oldest,
                           expired: stat(1), poison: stat(2), undecodable: stat(3))
    }

    /// Jobs of one ordering key still in the queue: the one running (or next to run) and those behind it.
    public func jobsWaiting(orderingKey: String) async throws -> Int {
        try await redis.send(RedisCommand("LLEN", keys.ordered(orderingKey))).orThrow().int ?? 0
    }
}
