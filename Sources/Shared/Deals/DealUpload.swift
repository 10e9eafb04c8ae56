import Foundation

/// `deals.upload` jobs: send a tenant's staged deal records to UIS analytics in calls of up to 1000
/// (`upload.deals_history`, uis-chats-leads-deals.md §3.5), so a burst of deal changes costs a few UIS calls.
///
/// One run per tenant at a time (the jobs share `FleetJobs.dealsUploadOrderingKey`). A run takes the
/// longest-waiting records (`DealPendingStore.take`: whole deals, each deal's records in stage order), sends
/// them in one call, and settles exactly what it sent: accepted records leave the store and become the deals'
/// upload states (`DealUploadState`), while a record staged meanwhile stays for the next call. It repeats until
/// nothing waits.
///
/// How it fails: a call UIS refuses is split until the refused deals stand alone (`DealBatchIsolation`); each
/// of those becomes a dead letter `deal-refused` with UIS's reason (its `deal.changed` job, so retrying it reads
/// the task again) and its records are dropped, while the others are uploaded. UIS down, limits, an open
/// breaker or paused credentials go through the guard like every call: the run is retried or deferred and the
/// records keep waiting. A run lost with its worker (SIGKILL) comes back through the reaper, and the deals
/// worker's schedule asks for a run whenever records are due (`DealUploadTrigger`), so records never strand.
public struct DealUpload: Sendable {
    /// Like deal jobs: outlive a UIS outage (the breaker defers most attempts without spending them).
    public static let retryPolicy = DealChange.retryPolicy
    /// How often the deals worker looks for due records of every tenant.
    public static let scheduleInterval: Duration = .seconds(30)
    /// Batches per run before it hands over to a fresh run (a run never holds a worker slot for long).
    public static let maxBatchesPerRun = 50
    /// Records per call: the API's limit.
    public static let recordsPerCall = DealAssumptions.maxDealsPerUpload

    public let clients: TenantClients
    public let redis: RedisClient
    public let pending: DealPendingStore
    public let registry: MetricsRegistry

    public init(clients: TenantClients, redis: RedisClient, registry: MetricsRegistry = .shared) {
        self.clients = clients
        self.redis = redis
        pending = DealPendingStore(redis: redis)
        self.registry = registry
    }

    public var kind: JobKind {
        JobKind(FleetJobs.Kind.dealsUpload, payload: DealUploadJob.self, retryPolicy: Self.retryPolicy) { _, context in try await run(context: context) }
    }

    public func run(context: JobContext) async throws {
        let tenant = context.job.tenant, holder = context.job.id
        // Records staged from now on need a run of their own: this one may already have taken its batch.
        try await JobQueue(name: context.queue, redis: redis).releaseDeduplicationKey(FleetJobs.dealsUploadKey(tenant: tenant))
        let settings = try await clients.tenantSettings(tenant)
        // Records keep waiting for the settings to come back; the deal jobs' own failures tell the operator.
        guard settings.deals.enabled, settings.connection.uisDataAPIToken != nil else {
            context.logger.info("deals.upload_skipped", "deals are off for this tenant or it has no UIS Data API token; staged records keep waiting")
            return
        }
        let uis = try await clients.uisData(tenant)
        for _ in 0..<Self.maxBatchesPerRun {
            let deals = try await pending.take(tenant: tenant, limit: Self.recordsPerCall)
            if deals.isEmpty {
                try await publishPending(tenant: tenant)
                return
            }
            try await upload(deals, tenant: tenant, uis: uis, holder: holder, logger: context.logger)
        }
        try await publishPending(tenant: tenant)
        try await DealUploadTrigger.requestUpload(tenant: tenant, redis: redis)
    }

    /// One batch: sent whole, split when refused; a deal whose stored records do not decode is refused as such.
    func upload(_ deals: [DealPendingDeal], tenant: String, uis: UISDataClient, holder: String, logger: Logger) async throws {
        var readable: [(deal: DealPendingDeal, records: [UISDealRecord])] = []
        for deal in deals {
            if let records = deal.records { readable.append((deal, records)) } else {
                try await refuse(deal, reason: "a staged record of the deal does not decode (written by another version?)", tenant: tenant, logger: logger)
            }
        }
        try await DealBatchIsolation.upload(readable, size: { $0.records.count }, send: { batch in
            let records = batch.flatMap(\.records)
            try await uis.uploadDealsHistory(records, holder: holder)
            try await pending.accept(tenant: tenant, batch.map(\.deal))
            metrics.uploaded(records: records.count)
            logger.info("deals.uploaded", "UIS accepted the deals", ["deals": String(batch.count), "records": String(records.count)])
        }, refused: { item, failure in
            try await refuse(item.deal, reason: failure.message, tenant: tenant, logger: logger)
        })
    }

    /// A deal UIS refused on its own: a dead letter first (so a crash in between refuses it again rather than
    /// losing it), then its records leave the store; its upload state stays what UIS last accepted.
    func refuse(_ deal: DealPendingDeal, reason: String, tenant: String, logger: Logger) async throws {
        let last = deal.entries.last ?? nil
        let now = WallClock.epochMillis()
        let job = JobEnvelope(id: last?.jobId ?? JobID.make(), kind: FleetJobs.Kind.dealChanged, tenant: tenant,
                              payload: try JSONValue(encoding: DealChangeJob(taskId: deal.taskId, receivedAt: last?.receivedAt ?? now)),
                              now: now, orderingKey: FleetJobs.dealOrderingKey(tenant: tenant))
        let message = "task \(deal.taskId): UIS refused the deal, \(deal.raw.count) record(s) not uploaded (fix the deal in Planfix, or retry this letter): \(reason)"
        try await JobQueue(name: FleetJobs.Queue.deals, redis: redis).keep(DeadLetter(job: job, queue: FleetJobs.Queue.deals, errorClass: "deal-refused",
                                                                                      reason: message, now: now))
        try await pending.discard(tenant: tenant, [deal])
        metrics.records("refused", deal.raw.count)
        logger.error("deal.refused", message, ["task": String(deal.taskId)])
    }

    private var metrics: DealUploadMetrics { DealUploadMetrics(registry: registry) }

    private func publishPending(tenant: String) async throws {
        let summary = try await pending.summary(tenant: tenant)
        metrics.pending(tenant: tenant, deals: summary.deals)
    }

    /// The deals worker's schedule: asks for a run for every tenant with deals on whose records are due.
    /// - Returns: the tenants a run was queued for.
    public static func schedule(redis: RedisClient, settings: TenantSettingsCache<TenantSettings>, trigger: DealUploadTrigger) async throws -> [String] {
        var queued: [String] = []
        for tenant in try await TenantDocumentStore(redis: redis).list() {
            guard let s = try? await settings.settings(for: tenant), s.deals.enabled, s.connection.uisDataAPIToken != nil else { continue }
            if try await trigger.requestIfDue(tenant: tenant, insideDealJob: false) { queued.append(tenant) }
        }
        return queued
    }
}
