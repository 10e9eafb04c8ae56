/// Spends tenants' rate budgets, shared by every process of the fleet through Redis.
///
/// Why in Redis: eight worker processes each allowed "1 request/s" would send eight. How it is used: before each
/// remote call a client asks `permit(...)`; a short wait is slept inline, a longer one becomes a deferral of the
/// whole job (no attempt spent, the worker slot freed), so one tenant's backlog never holds workers that other
/// tenants' jobs need. How it fails: if Redis is unreachable the call throws and the job is retried like any
/// transient failure; requests are never sent unmetered.
public struct RateLimiter: Sendable {
    public enum Decision: Sendable, Equatable {
        /// Go; the wait (possibly zero) was already slept. `slot` is the granted slot (Redis time, epoch ms).
        case proceed(slot: Int64)
        /// Come back after this long; a slot is reserved for the job.
        case deferred(Duration)
        /// The daily cap is reached; come back after the reset.
        case dailyCapReached(Duration)
    }

    public let redis: RedisClient
    /// Waits up to this long are slept inside the job rather than deferring it (a job making two Planfix calls
    /// waits a second between them instead of going back to the queue).
    public var maxInlineWait: Duration

    /// A returning holder later than this after its slot lost it (and takes a fresh one).
    public var lateGrace: Duration = .milliseconds(100)

    public init(redis: RedisClient, maxInlineWait: Duration = .milliseconds(1500)) {
        self.redis = redis
        self.maxInlineWait = maxInlineWait
    }

    /// When a deferred job should be due: a little before its slot (half the inline wait, at most 1 s), so that it
    /// is running by then and sleeps to the slot exactly; a job that comes back after its slot loses it.
    public func deferral(for wait: Duration) -> Duration {
        max(wait - min(maxInlineWait / 2, .seconds(1)), .milliseconds(10))
    }

    /// The ordering key that makes a tenant's jobs for one API run one at a time. Jobs that make several calls
    /// to a slow budget (Planfix REST: a search, then a create) need it: one job at a time sleeps between its own
    /// slots, instead of every job taking one slot per run and being deferred for the next one forever.
    public static func lane(tenant: String, api: RemoteAPI) -> String { "\(tenant):\(api.rawValue)" }

    /// Takes the next slot of `tenant`'s `api` budget for `holder` (the job id).
    public func permit(tenant: String, api: RemoteAPI, budget: RateBudget, holder: String) async throws -> Decision {
        let keys = TenantKeys(tenant: tenant)
        let day = Self.utcDay()
        let interval = budget.emissionIntervalMillis
        let reply = try await redis.run(RemoteScripts.reserve,
                                        keys: [keys.budget(api.rawValue), keys.budgetReservations(api.rawValue), keys.budgetDay(api.rawValue, day: day)],
                                        args: [holder, String(interval), String(interval * Int64(budget.burst - 1)),
                                               String(maxInlineWait.milliseconds), String(budget.perDay), String(lateGrace.milliseconds)])
        let parts = reply.array ?? []
        guard parts.count == 3, let status = parts[0].int, let wait = parts[1].int, let slot = parts[2].int else {
            throw RedisError.unexpectedReply("reserve returned \(reply)")
        }
        switch status {
        case 1:
            if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }
            return .proceed(slot: Int64(slot))
        case 2: return .deferred(.milliseconds(wait))
        default: return .dailyCapReached(.milliseconds(wait))
        }
    }

    static func utcDay() -> String {
        let days = WallClock.epochMillis() / 86_400_000
        return String(days)
    }
}
