/// How a chat or lead with work left reaches the processor: a `text.communication` job on the `chats` queue, on the
/// tenant's Planfix REST lane (`RateLimiter.lane`), deduplicated on the communication's status and tags.
///
/// Why the lane: processing makes several Planfix requests (search, contact, task, comments) at the tenant's
/// 1 request/s; jobs of one tenant running side by side would each get one request per run and be deferred for the
/// next forever. One job at a time per tenant sleeps between its own slots instead (as telephony's `call.task`).
/// Why the deduplication: a notification delivered twice and the poller seeing the same chat unchanged queue it
/// once; a new status (closed) or a new tag is new work.
public enum TextCommunicationQueue {
    /// Whether a communication has anything left for the processor: its trigger fires and nothing was decided yet,
    /// or it was tasked and has ended since (the transcript is due).
    public static func hasWork(_ c: TextCommunication, state: TextCommunicationState?, trigger: ChatTrigger) -> Bool {
        guard let state, state.outcome != nil else { return ChatTriggerDecision.decide(trigger, c) == .fire }
        return !state.isFinished(c) && c.isEnded
    }

    /// The same communication in the same status with the same tags is queued once.
    public static func deduplicationKey(tenant: String, _ c: TextCommunication) -> String {
        let tags = c.tagNames.map { $0.lowercased() }.sorted().joined(separator: "|")
        return "\(tenant):text:\(c.communicationId):\(c.status ?? "-"):\(tags)"
    }

    /// Queues the communication unless the same state is already queued. - Returns: whether it was queued.
    @discardableResult
    public static func enqueue(_ c: TextCommunication, tenant: String, redis: RedisClient) async throws -> Bool {
        let job = JobEnvelope(kind: FleetJobs.Kind.textCommunication, tenant: tenant,
                              payload: try JSONValue(encoding: TextCommunicationJob(communication: c)),
                              orderingKey: RateLimiter.lane(tenant: tenant, api: .planfixREST))
        return try await JobQueue(name: FleetJobs.Queue.chats, redis: redis)
            .enqueue(job, deduplicationKey: deduplicationKey(tenant: tenant, c), ttl: FleetJobs.webhookDeduplicationTTL)
    }
}
