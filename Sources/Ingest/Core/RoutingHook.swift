import Foundation
import Shared
import Synchronization

/// UIS interactive call processing (`/hooks/<tenant>/<secret>/uis/routing`, GET or POST with `numa`, `numb`,
/// `call_session_id`/`cdr_id`; uis-api.md §5.1): who should take this caller?
///
/// Answers from `PersonalManagerCache` only, within `IngestConfiguration.routingBudget` (UIS's timeout is the
/// tenant's choice; 300 ms is the target): `{"phones":[…]}` when the caller's manager is known and fresh, else the
/// tenant's `{"returned_code": N}` — also when personal-manager routing is off, the number is unreadable, or
/// Redis is slow or down (never a 5xx: UIS needs an instruction now, and the scenario's fallback branch is the
/// right one). A miss asks the telephony worker to look the caller up (`manager.lookup`, at most every 10 min
/// per number) so the next call is routed.
enum RoutingHook {
    private enum Lookup: Sendable {
        case found(PersonalManagerCache.Entry)
        case missing
        case failed
        case timedOut
    }

    static func handle(_ context: HookContext) async -> HTTPResponse {
        let parameters = parameters(of: context.request)
        let routing = context.settings.telephony.routing
        let fallback = HTTPResponse.json(HookReply.encode(["returned_code": .number(Double(routing.returnedCode))]))
        guard context.settings.telephony.incoming.personalManager,
              let caller = parameters["numa"].flatMap({ PhoneNumber(parsing: $0)?.e164 }) else {
            context.metrics.routingAnswer("fallback")
            return fallback
        }
        let cache = PersonalManagerCache(redis: context.service.redis)
        let tenant = context.tenant
        let lookup = await firstOf(budget: context.service.configuration.routingBudget) { () async -> Lookup in
            do {
                let entry = try await cache.lookup(tenant: tenant, phone: caller, maxAge: .seconds(routing.maxAgeSeconds))
                return entry.map(Lookup.found) ?? .missing
            } catch {
                return .failed
            }
        }
        switch lookup {
        case let .found(entry) where !entry.phones.isEmpty:
            context.metrics.routingAnswer("manager")
            return .json(HookReply.encode(["phones": .array(entry.phones.map(JSONValue.string))]))
        case .timedOut:
            context.metrics.routingAnswer("timeout")
            context.logger.warning("routing.timeout", "no cache answer within the budget; answered the fallback")
            return fallback
        case .found, .missing, .failed:
            context.metrics.routingAnswer("fallback")
            if case .missing = lookup { requestLookup(context, phone: caller, callSessionId: parameters["call_session_id"] ?? parameters["cdr_id"]) }
            return fallback
        }
    }

    /// Query, form body or JSON body: UIS lets the admin choose GET or POST, and the POST encoding is unverified.
    static func parameters(of request: HTTPRequest) -> [String: String] {
        var out: [String: String] = [:]
        for pair in request.query where out[pair.name] == nil { out[pair.name] = pair.value }
        guard !request.body.isEmpty else { return out }
        if case let .object(fields)? = JSONScanner.parse(request.body) {
            for (name, value) in fields {
                switch value {
                case let .string(s): out[name] = s
                case let .number(n) where n == n.rounded() && abs(n) < 1e15: out[name] = String(Int64(n))
                default: break
                }
            }
        } else {
            for pair in FormFields.parse(request.body) where out[pair.name] == nil { out[pair.name] = pair.value }
        }
        return out
    }

    /// Asks the worker to learn this caller's manager; fire and forget (the answer to UIS is already decided).
    private static func requestLookup(_ context: HookContext, phone: String, callSessionId: String?) {
        let job = JobEnvelope(kind: FleetJobs.Kind.managerLookup, tenant: context.tenant,
                              payload: (try? JSONValue(encoding: ManagerLookupJob(phone: phone, callSessionId: callSessionId.flatMap { Int64($0) }))) ?? .null)
        let queue = context.queues.telephony, key = "\(context.tenant):lookup:\(phone)", logger = context.logger
        Task {
            do { _ = try await queue.enqueue(job, deduplicationKey: key, ttl: FleetJobs.managerLookupInterval) } catch {
                logger.debug("routing.lookup_not_queued", "\(error)")
            }
        }
    }

    /// The operation's result, or `.timedOut` when it takes longer than `budget`; returns at the budget even if
    /// the operation is stuck (it finishes in the background), which a task group would not.
    private static func firstOf(budget: Duration, _ operation: @escaping @Sendable () async -> Lookup) async -> Lookup {
        let once = Mutex<CheckedContinuation<Lookup, Never>?>(nil)
        return await withCheckedContinuation { continuation in
            once.withLock { $0 = continuation }
            let finish: @Sendable (Lookup) -> Void = { result in
                once.withLock { pending in
                    pending?.resume(returning: result)
                    pending = nil
                }
            }
            let timer = Task {
                try? await Task.sleep(for: budget)
                finish(.timedOut)
            }
            Task {
                finish(await operation())
                timer.cancel()
            }
        }
    }
}
