import Foundation
import Shared

/// One authenticated webhook request: the tenant, its settings, the request and what a route needs to answer it.
struct HookContext: Sendable {
    let tenant: String
    let settings: TenantSettings
    let request: HTTPRequest
    let route: WebhookRoute
    let service: IngestService

    var logger: Logger { service.logger.with(["tenant": tenant, "route": route.rawValue]) }
    var metrics: IngestMetrics { service.metrics }
    var queues: IngestQueues { service.queues }

    /// Stores the job unless it is a duplicate, and answers: 200 (stored or duplicate) or 503 (Redis failed; the
    /// sender retries, and the retry is recognised if the first attempt did land).
    func store(_ job: JobEnvelope, in queue: JobQueue, deduplicationKey: String, ttl: Duration = FleetJobs.webhookDeduplicationTTL,
               success: (Bool) -> HTTPResponse = { HookReply.ok(duplicate: !$0) }) async -> HTTPResponse {
        answer(stored: await Self.enqueue(job, payloadJSON: nil, in: queue, deduplicationKey: deduplicationKey, ttl: ttl), success: success)
    }

    /// Stores a notification's event (its payload written by the notification itself: no `JSONValue` tree on the
    /// hot path), answers as `store(_:in:deduplicationKey:)`, and records it among the recent events once stored.
    func store(_ event: HookEvent) async -> HTTPResponse {
        answer(event, stored: await Self.enqueue(event.job, payloadJSON: event.payloadJSON, in: event.queue,
                                                 deduplicationKey: event.deduplicationKey, ttl: FleetJobs.webhookDeduplicationTTL))
    }

    private static func enqueue(_ job: JobEnvelope, payloadJSON: [UInt8]?, in queue: JobQueue, deduplicationKey: String,
                                ttl: Duration) async -> Result<Bool, any Error> {
        do {
            return .success(try await queue.enqueue(job, payloadJSON: payloadJSON, deduplicationKey: deduplicationKey, ttl: ttl))
        } catch {
            return .failure(error)
        }
    }

    /// The answer once a notification's enqueue finished, by whichever path: counted, and recorded among the
    /// recent events when it was stored.
    func answer(_ event: HookEvent, stored result: Result<Bool, any Error>) -> HTTPResponse {
        if case .success(true) = result, let recent = event.recent { recordRecent(recent) }
        return answer(stored: result)
    }

    /// The answer once an enqueue finished: 200 (stored, or a duplicate) or 503 (Redis failed), counted.
    func answer(stored result: Result<Bool, any Error>,
                success: (Bool) -> HTTPResponse = { HookReply.ok(duplicate: !$0) }) -> HTTPResponse {
        switch result {
        case .success(let stored):
            if stored { metrics.pushed(route) } else { metrics.duplicate(route) }
            return success(stored)
        case .failure(let error):
            metrics.rejected(route: route.rawValue, reason: "redis_unavailable")
            logger.warning("hook.store_failed", "event not stored, answered 503: \(error)")
            return HookReply.storageUnavailable
        }
    }

    /// Refuses a request that authenticated but cannot be read: 400 (or `status`), counted, logged, and what it
    /// carried kept as a `bad-webhook` dead letter of `queue` (secrets stripped by the caller).
    func reject(_ reason: String, keeping bytes: [UInt8], in queue: JobQueue, kind: String, status: Int = 400,
                response: HTTPResponse? = nil) async -> HTTPResponse {
        metrics.rejected(route: route.rawValue, reason: "malformed")
        logger.warning("hook.rejected", reason)
        if !bytes.isEmpty {
            let letter = DeadLetter(rejectedWebhook: bytes, queue: queue.name, tenant: tenant, kind: kind, reason: reason)
            do { try await queue.keep(letter) } catch { logger.warning("hook.keep_failed", "could not keep the rejected webhook: \(error)") }
        }
        return response ?? HookReply.error(status, reason)
    }

    /// Records the event for previews and dry runs without holding up the answer: best effort, and a second round
    /// trip per webhook would cost latency for data nobody waits for.
    func recordRecent(_ event: RuleEvent, isLost: Bool = false) {
        let recent = RecentEvents(redis: service.redis), tenant = tenant, logger = logger
        Task {
            do { try await recent.record(tenant: tenant, event: event, isLost: isLost) } catch {
                logger.debug("hook.recent_failed", "recent event not recorded: \(error)")
            }
        }
    }

    /// What a GET notification carried (its query) or a POST its body, for keeping a rejected request.
    var carriedBytes: [UInt8] {
        if !request.body.isEmpty { return request.body }
        return Array(request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&").utf8)
    }
}

/// The queues the ingest writes to (created once: a `JobQueue` is a name and keys).
struct IngestQueues: Sendable {
    let telephony: JobQueue
    let chats: JobQueue
    let deals: JobQueue

    init(redis: RedisClient) throws {
        telephony = try JobQueue(name: FleetJobs.Queue.telephony, redis: redis)
        chats = try JobQueue(name: FleetJobs.Queue.chats, redis: redis)
        deals = try JobQueue(name: FleetJobs.Queue.deals, redis: redis)
    }
}
