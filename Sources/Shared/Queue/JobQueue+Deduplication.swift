/// Enqueueing with a deduplication key: how the ingest makes a re-delivered webhook collapse into the job its
/// first delivery created, and how a burst of changes to one entity collapses into one pending job.
///
/// The key lives in the queue's hash tag (`QueueKeys.deduplication`), so the check, the mark and the push are one
/// Lua script: a crash or a lost reply can never leave the key set without the job, or the job without the key.
/// A reply lost after the script ran makes the caller retry, and the retry is (correctly) a duplicate.
extension JobQueue {
    /// Enqueues `job` unless `deduplicationKey` was seen within `ttl`. - Returns: false for a duplicate.
    public func enqueue(_ job: JobEnvelope, deduplicationKey: String, ttl: Duration) async throws -> Bool {
        try await enqueue(job, payloadJSON: nil, deduplicationKey: deduplicationKey, ttl: ttl)
    }

    /// The same, with the payload given as encoded JSON (`JobEnvelope.encoded(payloadJSON:)`) when not nil.
    public func enqueue(_ job: JobEnvelope, payloadJSON: [UInt8]?, deduplicationKey: String, ttl: Duration) async throws -> Bool {
        let item = try uniqueEnqueueItem(job, payloadJSON: payloadJSON, deduplicationKey: deduplicationKey, ttl: ttl)
        try await registerIfNeeded()
        return try Self.uniqueEnqueueResult(try await redis.run(item, in: uniqueEnqueues))
    }

    /// The same for callers that cannot await (the ingest's inline webhook path): `completion` runs on the Redis
    /// client's thread. Returns false without doing anything when this process has not registered the queue yet
    /// (that takes a round trip of its own: the async `enqueue` does it).
    public func enqueueNow(_ job: JobEnvelope, payloadJSON: [UInt8]?, deduplicationKey: String, ttl: Duration,
                           completion: @escaping @Sendable (Result<Bool, any Error>) -> Void) throws -> Bool {
        guard registered.load(ordering: .relaxed) else { return false }
        let item = try uniqueEnqueueItem(job, payloadJSON: payloadJSON, deduplicationKey: deduplicationKey, ttl: ttl)
        redis.run(item, in: uniqueEnqueues) { reply in
            completion(reply.flatMap { r in Result { try Self.uniqueEnqueueResult(r) } })
        }
        return true
    }

    /// One job's item of `QueueScripts.enqueueUnique`.
    private func uniqueEnqueueItem(_ job: JobEnvelope, payloadJSON: [UInt8]?, deduplicationKey: String,
                                   ttl: Duration) throws -> RedisBatchItem {
        let raw = try job.encoded(payloadJSON: payloadJSON)
        let orderedKey = job.orderingKey.map { keys.ordered($0) } ?? keys.ready
        let token = job.orderingKey.map { QueueElement.token(for: $0) } ?? []
        return RedisBatchItem(keys: [keys.deduplication(deduplicationKey), orderedKey],
                              args: [Array(String(max(1, ttl.milliseconds)).utf8), raw, token, Array(job.id.utf8)])
    }

    /// Reads one item's reply of `enqueueUnique`: true when the job was stored, false for a duplicate; an error
    /// reply throws.
    static func uniqueEnqueueResult(_ reply: RedisReply) throws -> Bool {
        try reply.orThrow().int == 1
    }

    /// Forgets a deduplication key, so the next event with it is enqueued again. A worker calls this when it starts
    /// on a coalesced job (deal changes): changes that arrive later need a new job, earlier ones are covered.
    public func releaseDeduplicationKey(_ deduplicationKey: String) async throws {
        try await redis.send(RedisCommand("DEL", keys.deduplication(deduplicationKey))).orThrow()
    }
}
