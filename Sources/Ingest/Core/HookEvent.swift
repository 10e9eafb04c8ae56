import Shared

/// What one parsed UIS notification (call, chat or lead) becomes: the job, its payload as encoded JSON, the queue
/// and the deduplication key, plus the event to record among the tenant's recent ones once stored. Built
/// synchronously, so the async route and the inline fast path (`IngestService+Inline.swift`) store the same thing.
struct HookEvent: Sendable {
    let job: JobEnvelope
    let payloadJSON: [UInt8]
    let queue: JobQueue
    let deduplicationKey: String
    var recent: RuleEvent? = nil
}
