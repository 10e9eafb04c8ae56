/// When a tenant's staged deal records are uploaded: asks for a `deals.upload` run (`DealUpload`) once they are due.
///
/// Due means: a burst is over (no deal job of the tenant waits behind the one asking), or the longest-waiting
/// record has waited `maxWait`, or a full call's worth of deals waits. So a burst of changes, which the
/// tenant's deal jobs work through at Planfix's 1 request/s, goes to UIS in a few calls instead of one call per
/// deal (UIS counts each call against the tenant's daily points), while a deal changed alone goes at once.
///
/// Asked at the end of every deal job (whatever its outcome) and by the deals worker's schedule every
/// `DealUpload.scheduleInterval` (which also picks up records whose run was lost). At most one run waits per
/// tenant (`FleetJobs.dealsUploadKey`).
public struct DealUploadTrigger: Sendable {
    /// How long a staged record may wait while a burst goes on; `DEALS_UPLOAD_MAX_WAIT_SECONDS` overrides it.
    public static let defaultMaxWait: Duration = .seconds(60)

    public let redis: RedisClient
    public let pending: DealPendingStore
    public let maxWait: Duration
    public let registry: MetricsRegistry

    /// `DEALS_UPLOAD_MAX_WAIT_SECONDS` (1...86400), or the default. - Throws: `ConfigurationError` naming it.
    public static func maxWait(environment: [String: String]) throws -> Duration {
        guard let text = environment["DEALS_UPLOAD_MAX_WAIT_SECONDS"], !text.isEmpty else { return defaultMaxWait }
        guard let seconds = Int(text), (1...86_400).contains(seconds) else {
            throw ConfigurationError("DEALS_UPLOAD_MAX_WAIT_SECONDS must be a whole number in 1...86400, got \"\(text)\"")
        }
        return .seconds(seconds)
    }

    public init(redis: RedisClient, maxWait: Duration = DealUploadTrigger.defaultMaxWait, registry: MetricsRegistry = .shared) {
        self.redis = redis
        pending = DealPendingStore(redis: redis)
        self.maxWait = maxWait
        self.registry = registry
    }

    /// Whether records are due for upload.
    /// - Parameters:
    ///   - pendingDeals: deals with records waiting.
    ///   - oldestStagedAt: when the longest-waiting one was staged (epoch ms).
    ///   - dealJobsWaiting: the tenant's deal jobs queued behind the caller.
    public static func isDue(pendingDeals: Int, oldestStagedAt: Int64?, now: Int64, dealJobsWaiting: Int, maxWait: Duration,
                             batchLimit: Int = DealAssumptions.maxDealsPerUpload) -> Bool {
        guard pendingDeals > 0 else { return false }
        if pendingDeals >= batchLimit || dealJobsWaiting <= 0 { return true }
        guard let oldestStagedAt else { return true }
        return now - oldestStagedAt >= maxWait.milliseconds
    }

    /// Queues a run when the tenant's records are due.
    /// - Parameter insideDealJob: true when called by a deal job, which is itself the head of the tenant's lane.
    /// - Returns: true when a run was queued (false: nothing due, or a run already waits).
    @discardableResult
    public func requestIfDue(tenant: String, insideDealJob: Bool, now: Int64 = WallClock.epochMillis()) async throws -> Bool {
        let summary = try await pending.summary(tenant: tenant)
        DealUploadMetrics(registry: registry).pending(tenant: tenant, deals: summary.deals)
        guard summary.deals > 0 else { return false }
        let queued = try await JobQueue(name: FleetJobs.Queue.deals, redis: redis).jobsWaiting(orderingKey: FleetJobs.dealOrderingKey(tenant: tenant))
        guard Self.isDue(pendingDeals: summary.deals, oldestStagedAt: summary.oldestStagedAt, now: now,
                         dealJobsWaiting: queued - (insideDealJob ? 1 : 0), maxWait: maxWait) else { return false }
        return try await Self.requestUpload(tenant: tenant, redis: redis, now: now)
    }

    /// Queues a run for the tenant unless one already waits. - Returns: true when queued.
    @discardableResult
    public static func requestUpload(tenant: String, redis: RedisClient, now: Int64 = WallClock.epochMillis()) async throws -> Bool {
        let job = JobEnvelope(kind: FleetJobs.Kind.dealsUpload, tenant: tenant, payload: try JSONValue(encoding: DealUploadJob(requestedAt: now)),
                              now: now, orderingKey: FleetJobs.dealsUploadOrderingKey(tenant: tenant))
        return try await JobQueue(name: FleetJobs.Queue.deals, redis: redis)
            .enqueue(job, deduplicationKey: FleetJobs.dealsUploadKey(tenant: tenant), ttl: FleetJobs.coalescingTTL)
    }
}
