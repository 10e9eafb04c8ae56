import Synchronization

/// One named queue in Redis: the producer side here, the consumer side in `JobQueue+Consumer.swift`, upkeep
/// (promoter, heartbeats, reaper) in `JobQueue+Maintenance.swift`, dead letters in `JobQueue+DeadLetters.swift`.
///
/// Delivery contract: **at least once.** A job is removed from Redis only after its handler finished (ack),
/// failed for good (dead letter) or expired; a consumer that dies holding jobs has them returned by the reaper
/// and they run again. Handlers must therefore be idempotent; the Planfix effects are made exactly once by the
/// effect store, not by the queue.
///
/// An enqueue that returned without throwing is durable as far as Redis is (production runs `appendonly yes`);
/// one that threw may or may not have landed, and the producer must not acknowledge its event.
public final class JobQueue: Sendable {
    public let name: String
    public let keys: QueueKeys
    let redis: RedisClient
    /// Whether this instance already added the queue to the registry (one `SADD` per process, not per job).
    let registered = Atomic<Bool>(false)
    /// The deduplicating enqueue, group-committed (`JobQueue+Deduplication.swift`).
    let uniqueEnqueues: RedisBatchScript

    public init(name: String, redis: RedisClient) throws {
        guard QueueKeys.isValidName(name) else { throw QueueError.invalid("invalid queue name \"\(name)\"") }
        self.name = name
        keys = QueueKeys(queue: name)
        self.redis = redis
        uniqueEnqueues = RedisBatchScript(script: QueueScripts.enqueueUnique, sharedKeys: [keys.ready, keys.stats])
    }

    /// Enqueues one job.
    public func enqueue(_ job: JobEnvelope) async throws {
        try await enqueue(batch: [job])
    }

    /// Enqueues jobs in one round trip: unordered jobs with one `LPUSH`, ordered ones through their keys.
    /// Jobs keep their relative order within the batch.
    public func enqueue(batch jobs: [JobEnvelope]) async throws {
        if jobs.isEmpty { return }
        var plain = RedisCommand(["LPUSH", keys.ready])
        var ordered: [(key: String, raw: [UInt8])] = []
        for job in jobs {
            let raw = try job.encoded()
            if let key = job.orderingKey { ordered.append((key, raw)) } else { plain.append(raw) }
        }
        var commands: [RedisCommand] = []
        let register = !registered.load(ordering: .relaxed)
        if register { commands.append(registration) }
        if plain.arguments.count > 2 { commands.append(plain) }
        for reply in try await redis.pipeline(commands) { try reply.orThrow() }
        if register { registered.store(true, ordering: .relaxed) }
        for (key, raw) in ordered {
            try await redis.run(QueueScripts.enqueueOrdered, keys: [keys.ready, keys.ordered(key), keys.stats],
                                args: [raw, QueueElement.token(for: key)])
        }
    }

    /// Adds the queue to the registry once per process (the batch path pipelines the same command itself).
    func registerIfNeeded() async throws {
        if registered.load(ordering: .relaxed) { return }
        try await redis.send(registration).orThrow()
        registered.store(true, ordering: .relaxed)
    }

    private var registration: RedisCommand { RedisCommand("SADD", QueueKeys.registry, name) }

    /// Names of every queue that was ever enqueued to.
    public static func allNames(redis: RedisClient) async throws -> [String] {
        let reply = try await redis.send(RedisCommand("SMEMBERS", QueueKeys.registry))
        return (reply.array ?? []).compactMap(\.string).sorted()
    }
}
