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
    /// waits a second between them instead of going back to the queue). For a slow budget it is at least
    /// `lanesPerTenant` intervals: see `inlineWait(for:)`.
    public var maxInlineWait: Duration

    /// How many jobs of one tenant may make calls to one API at the same time: one per flow lane (telephony REST,
    /// chats, deals), each running one job at a time per tenant (`lane(tenant:api:)`).
    public static let lanesPerTenant = 3

    /// A returning holder later than this after its slot lost it (and takes a fresh one).
    public var lateGrace: Duration = .milliseconds(100)

    public init(redis: RedisClient, maxInlineWait: Duration = .milliseconds(1500)) {
        self.redis = redis
        self.maxInlineWait = maxInlineWait
    }

    /// The longest wait slept inside a job for `budget`. The lanes of one tenant take turns on its schedule, so a
    /// job's next slot can be up to one interval per lane away; a job deferred for it would come back, start over
    /// and spend its slot on its first request again, and jobs of two lanes would keep doing that to each other
    /// (the chaos run saw a tenant make a hundred searches and four tasks). Sleeping costs nothing but one of the
    /// queue's slots, and popups have their own queue. At most 5 s: slower budgets defer.
    public func inlineWait(for budget: RateBudget) -> Duration {
        max(maxInlineWait, min(.milliseconds(budget.emissionIntervalMillis * Int64(Self.lanesPerTenant) + 100), .seconds(5)))
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

    /// How late after its slot a request may still go: the budgets keep a margin (42 ms for `RateBudget.planfixREST`),
    /// and a request sent later than that behind its slot could land within one interval of the next one.
    public var maxLateness: Duration = .milliseconds(20)

    /// Takes the next slot of `tenant`'s `api` budget for `holder` (the job id).
    ///
    /// A caller that woke from its inline wait more than `maxLateness` behind the slot (a busy machine) pushes the
    /// schedule back by its lateness, or takes a fresh slot when the next one is already held (`excuse`), so the
    /// next request keeps its distance. And no slot is granted within one
    /// interval of the Redis server's start: a Redis that restarted may have lost the schedule's last writes (AOF
    /// `everysec`), and whatever was sent before it went down is at least one interval old by then. A call during
    /// which this process reconnected learns the server's start only afterwards, so it asks again.
    public func permit(tenant: String, api: RemoteAPI, budget: RateBudget, holder: String) async throws -> Decision {
        var retakes = 0
        while true {
            let interval = budget.emissionIntervalMillis
            let quarantine = redis.serverStartedMillis + interval
            let (status, wait, slot) = try await reserve(tenant: tenant, api: api, budget: budget, holder: holder, notBefore: quarantine)
            if retakes < 3, redis.serverStartedMillis + interval > max(quarantine, Int64(slot)) {
                retakes += 1   // (re)connected during this very call: the slot may rest on a lost schedule
                continue
            }
            switch status {
            case 1:
                if wait > 0 {
                    let woke = ContinuousClock.now
                    try await Task.sleep(for: .milliseconds(wait))
                    let late = ContinuousClock.now - woke - .milliseconds(wait)
                    if retakes < 3, !(try await mayGo(late: late, slot: Int64(slot), tenant: tenant, api: api, budget: budget)) {
                        retakes += 1
                        continue
                    }
                }
                return .proceed(slot: Int64(slot))
            case 2: return .deferred(.milliseconds(wait))
            default: return .dailyCapReached(.milliseconds(wait))
            }
        }
    }

    /// Whether a call `late` behind its granted `slot` may still go: within `maxLateness`, or excused (`excuse`).
    public func mayGo(late: Duration, slot: Int64, tenant: String, api: RemoteAPI, budget: RateBudget) async throws -> Bool {
        if late <= maxLateness { return true }
        return try await excuse(lateness: late, slot: slot, tenant: tenant, api: api, budget: budget)
    }

    /// A call about to go `lateness` behind its granted `slot`: true when it may go (the schedule was pushed back by
    /// as much, or the budget allows bursts, where a late request costs nothing), false when it must take a fresh
    /// slot (another caller already holds the next one).
    public func excuse(lateness: Duration, slot: Int64, tenant: String, api: RemoteAPI, budget: RateBudget) async throws -> Bool {
        guard budget.burst == 1 else { return true }
        let reply = try await redis.run(RemoteScripts.excuseLateness, keys: [TenantKeys(tenant: tenant).budget(api.rawValue)],
                                        args: [String(slot), String(budget.emissionIntervalMillis), String(lateness.milliseconds)])
        return reply.int == 1
    }

    private func reserve(tenant: String, api: RemoteAPI, budget: RateBudget, holder: String, notBefore: Int64) async throws -> (Int, Int, Int) {
        let keys = TenantKeys(tenant: tenant)
        let day = Self.utcDay()
        let interval = budget.emissionIntervalMillis
        let reply = try await redis.run(RemoteScripts.reserve,
                                        keys: [keys.budget(api.rawValue), keys.budgetReservations(api.rawValue), keys.budgetDay(api.rawValue, day: day)],
                                        args: [holder, String(interval), String(interval * Int64(budget.burst - 1)),
                                               String(inlineWait(for: budget).milliseconds), String(budget.perDay), String(lateGrace.milliseconds),
                                               String(notBefore)])
        let parts = reply.array ?? []
        guard parts.count == 3, let status = parts[0].int, let wait = parts[1].int, let slot = parts[2].int else {
            throw RedisError.unexpectedReply("reserve returned \(reply)")
        }
        return (status, wait, slot)
    }

    static func utcDay() -> String {
        let days = WallClock.epochMillis() / 86_400_000
        return String(days)
    }
}
