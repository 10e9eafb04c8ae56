import Foundation
import Shared

/// The Planfix deal automation («Послать HTTP-запрос» with `task_id`, JSON or form body, or a query) →
/// `deal.changed` jobs on the deals queue, coalesced per task.
///
/// Why it always answers exactly 200 once authenticated: Planfix treats anything else as a failure, re-sends
/// the POST for hours and stops all of the account's automation POSTs for 3 minutes each time. So even an
/// unreadable body gets 200 (with `"accepted": false`) and is kept as a `bad-webhook` dead letter for an
/// operator; only a Redis failure answers 503, because then the event really must come again.
///
/// Coalescing: while a job for the task is waiting, further deliveries for it collapse into that job (the worker
/// reads the task's latest state when it runs, and releases the key when it starts, so a change after that
/// gets a new job, ordered behind).
enum DealHook {
    static func handle(_ context: HookContext) async -> HTTPResponse {
        guard let taskId = taskId(in: context.request) else {
            return await context.reject("no positive integer task_id", keeping: context.carriedBytes, in: context.queues.deals,
                                        kind: FleetJobs.Kind.dealChanged,
                                        response: .json(HookReply.encode(["accepted": .bool(false), "error": .string("no positive integer task_id")])))
        }
        let now = WallClock.epochMillis()
        let job: JobEnvelope
        do {
            job = JobEnvelope(kind: FleetJobs.Kind.dealChanged, tenant: context.tenant,
                              payload: try JSONValue(encoding: DealChangeJob(taskId: taskId, receivedAt: now)), now: now,
                              orderingKey: FleetJobs.dealOrderingKey(tenant: context.tenant))
        } catch {
            return HookReply.storageUnavailable
        }
        return await context.store(job, in: context.queues.deals,
                                   deduplicationKey: FleetJobs.dealCoalescingKey(tenant: context.tenant, taskId: taskId),
                                   ttl: FleetJobs.coalescingTTL) { stored in
            .json(HookReply.encode(["accepted": .bool(true), "coalesced": .bool(!stored), "task_id": .number(Double(taskId))]))
        }
    }

    /// `task_id` from a JSON body (number or numeric string), a form body, or the query.
    static func taskId(in request: HTTPRequest) -> Int64? {
        if request.body.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) == UInt8(ascii: "{") {
            guard case let .object(fields)? = JSONScanner.parse(request.body) else { return nil }
            switch fields["task_id"] {
            case let .number(d)?: return d.isFinite && d == d.rounded() && d > 0 && d < 9e15 ? Int64(d) : nil
            case let .string(s)?: return parse(s)
            default: return nil
            }
        }
        let pairs = request.body.isEmpty ? request.query : FormFields.parse(request.body)
        return parse(pairs.first { $0.name == "task_id" }?.value)
    }

    private static func parse(_ text: String?) -> Int64? {
        guard let text, let id = Int64(text.trimmingCharacters(in: .whitespaces)), id > 0 else { return nil }
        return id
    }
}
