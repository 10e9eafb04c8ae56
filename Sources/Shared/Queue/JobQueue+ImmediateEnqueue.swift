/// The deduplicating enqueue as one ready-made command, for callers that cannot await (the ingest's inline
/// webhook path sends it with `RedisClient.pipeline(_:completion:)` and reads the reply with
/// `uniqueEnqueueResult`). Same script, keys and arguments as `enqueue(_:payloadJSON:deduplicationKey:ttl:)`.
extension JobQueue {
    /// The `EVALSHA` that enqueues `job` unless `deduplicationKey` was seen within `ttl`, or nil when a step that
    /// needs a round trip comes first: this process has not registered the queue yet, or does not know the
    /// script's SHA yet (the async `enqueue` does both). A `NOSCRIPT` reply means the server lost its scripts:
    /// the async `enqueue` reloads them.
    public func immediateUniqueEnqueue(_ job: JobEnvelope, payloadJSON: [UInt8]?, deduplicationKey: String,
                                       ttl: Duration) throws -> RedisCommand? {
        guard registered.load(ordering: .relaxed), let sha = QueueScripts.enqueueUnique.sha else { return nil }
        let raw = try job.encoded(payloadJSON: payloadJSON)
        let (keys, args) = uniqueEnqueueArguments(job, raw: raw, deduplicationKey: deduplicationKey, ttl: ttl)
        return QueueScripts.enqueueUnique.evalsha(sha: sha, keys: keys, args: args)
    }
}
