import Foundation
import Synchronization

/// `deal.changed` jobs: a Planfix task of the tenant's deal object was created or changed; stage its current
/// stage and amount for UIS analytics (`upload.deals_history`, uis-chats-leads-deals.md §3).
///
/// One job reads the task once (status, amount field, counterparty, assignees, dates) and stages one record for
/// it in Redis (`DealPendingStore`); `DealUpload` sends the staged records of many jobs in one call, and a deal
/// UIS refuses fails only itself. Bursts are collapsed before that: the ingest coalesces a task's posts while
/// its job waits, the job releases the key when it starts (later changes get a new job, run after this one by
/// the task's ordering key), and a state equal to the last one staged or uploaded is not staged again. Every
/// job ends by asking for an upload run when the tenant's records are due (`DealUploadTrigger`).
///
/// How it fails: a task of another object, or deals switched off → done, counted, nothing sent; a status the
/// funnel cannot place or a settings problem → dead letter `deal-settings`; an amount that is not a number,
/// or a won deal without an amount → dead letter `deal-amount` with the value (never uploaded as 0); remote
/// answers through the guard (budgets, breaker, pauses, retries) like every flow.
public struct DealChange: Sendable {
    /// Like call tasks: a deal must outlive a UIS outage that starts before the breaker opens.
    public static let retryPolicy = RetryPolicy(maxAttempts: 25, baseDelay: .seconds(1), maxDelay: .seconds(120), jitter: true)

    public let clients: TenantClients
    public let redis: RedisClient
    public let store: DealStateStore
    public let pending: DealPendingStore
    public let trigger: DealUploadTrigger
    public let registry: MetricsRegistry
    let links: DealLinks
    let warned = WarnedTenants()

    public init(clients: TenantClients, redis: RedisClient, trigger: DealUploadTrigger? = nil, registry: MetricsRegistry = .shared) {
        self.clients = clients
        self.redis = redis
        store = DealStateStore(redis: redis)
        pending = DealPendingStore(redis: redis)
        self.trigger = trigger ?? DealUploadTrigger(redis: redis, registry: registry)
        links = DealLinks(origins: TaskOriginStore(redis: redis), effects: EffectStore(redis: redis),
                          contacts: DealContactSync(store: store, registry: registry))
        self.registry = registry
    }

    public var kind: JobKind {
        JobKind(FleetJobs.Kind.dealChanged, payload: DealChangeJob.self, retryPolicy: Self.retryPolicy) { job, context in try await run(job, context: context) }
    }

    public func run(_ job: DealChangeJob, context: JobContext) async throws {
        do {
            try await stage(job, context: context)
        } catch {
            // Whatever failed here, records staged before (this deal's or others') must not wait for the next job.
            _ = try? await trigger.requestIfDue(tenant: context.job.tenant, insideDealJob: true)
            throw error
        }
        try await trigger.requestIfDue(tenant: context.job.tenant, insideDealJob: true)
    }

    /// Reads the task and stages its record, unless its state was staged or uploaded before.
    func stage(_ job: DealChangeJob, context: JobContext) async throws {
        let tenant = context.job.tenant, holder = context.job.id
        // Changes posted from now on need a job of their own: this one may already have read the task.
        try await JobQueue(name: context.queue, redis: redis).releaseDeduplicationKey(FleetJobs.dealCoalescingKey(tenant: tenant, taskId: job.taskId))
        let settings = try await clients.tenantSettings(tenant).deals
        let fields = ["task": String(job.taskId)]
        guard settings.enabled, let objectId = settings.taskObjectId, let amountField = settings.amountFieldId else {
            count("disabled")
            context.logger.info("deal.ignored", "deals are off for this tenant", fields)
            return
        }
        warnAboutUISDeals(tenant: tenant, logger: context.logger)
        guard let taskId = Int(exactly: job.taskId) else { throw JobFailure.permanent("task id \(job.taskId) is out of range", errorClass: "bad-payload") }
        let planfix = try await clients.planfix(tenant)
        let task = try await planfix.getTask(id: taskId, fields: "\(PlanfixClient.taskFields),dateTime,\(amountField)", holder: holder)
        guard task.object?.id.number == objectId else {
            count("other-object")
            context.logger.info("deal.ignored", "the task is not of the deal object \(objectId)", fields.merging(["object": task.object?.id.raw ?? "none"]) { $1 })
            return
        }
        guard let statusId = task.status?.id else {
            throw JobFailure.permanent("Planfix returned task \(taskId) without a status", errorClass: "deal-task")
        }
        let uis = try await clients.uisData(tenant)
        let funnel = try await DealFunnelSync(store: store).ensure(tenant: tenant, settings: settings, objectId: objectId, objectName: task.object?.name,
                                                                    statusId: statusId, planfix: planfix, uis: uis, holder: holder, logger: context.logger)
        guard let stage = funnel.stage(forStatus: statusId) else {
            throw JobFailure.permanent("status \(statusId) of task \(taskId) has no stage in the sales funnel", errorClass: "deal-settings")
        }
        let revenue = try Self.revenue(DealAmount(task.customField(amountField)), stage: stage.kind, fieldId: amountField, taskId: taskId)

        // The deal's latest state: its last staged record while one waits, else what UIS last accepted.
        let waiting = try await pending.last(tenant: tenant, taskId: job.taskId)
        var previous = waiting?.entry?.state
        if previous == nil { previous = try await store.lastUpload(tenant: tenant, taskId: job.taskId) }
        let clock = DealStageClock(stage: stage.extId, created: task.dateTime?.instant(), changedAt: Date(timeIntervalSince1970: Double(job.receivedAt) / 1000),
                                   now: Date(), previous: previous)
        var record = UISDealRecord(extId: String(job.taskId), name: Self.name(task, taskId: taskId), createdDateTime: Self.format(clock.created),
                                   modifiedStageDateTime: Self.format(clock.stageEntered), salesFunnelExtId: funnel.funnel.extId,
                                   stageExtId: stage.extId, revenue: revenue)
        if stage.kind != .inProcess { record.closedDateTime = record.modifiedStageDateTime }
        try await links.apply(to: &record, task: task, taskId: job.taskId, tenant: tenant, planfix: planfix, uis: uis, holder: holder,
                              logger: context.logger)
        let fingerprint = try Self.fingerprint(record)
        if previous?.fingerprint == fingerprint {
            count("unchanged")
            context.logger.info("deal.unchanged", "the deal's state was staged or uploaded before", fields)
            return
        }
        record.modifiedDateTime = Self.format(clock.modified)
        let state = DealUploadState(stage: stage.extId, stageEntered: clock.stageEntered, created: clock.created, fingerprint: fingerprint)
        // A later state of the stage the last waiting record is in replaces it; a new stage follows it.
        let replacing = waiting.flatMap { $0.entry?.state.stage == stage.extId ? $0.raw : nil }
        let replaced = try await pending.stage(tenant: tenant, taskId: job.taskId,
                                               DealPendingEntry(jobId: context.job.id, receivedAt: job.receivedAt, state: state, record: record),
                                               replacing: replacing)
        count("staged")
        DealUploadMetrics(registry: registry).records("staged")
        context.logger.info("deal.staged", "the deal waits for upload to UIS", fields.merging(["stage": stage.extId, "stage_kind": stage.kind.rawValue,
                                                                                             "revenue": revenue.map { String($0) } ?? "none",
                                                                                             "replaced": String(replaced),
                                                                                             "communication": record.communicationId.map(String.init) ?? "none"]) { $1 })
    }

    /// The revenue to send, or the reason the state cannot be uploaded.
    static func revenue(_ amount: DealAmount, stage: DealFunnel.StageKind, fieldId: Int, taskId: Int) throws -> Double? {
        switch amount {
        case let .value(v): return v
        case let .invalid(text):
            throw JobFailure.permanent("task \(taskId): the amount field \(fieldId) holds \"\(text)\", which is not a number; the deal was not uploaded (fix the value in Planfix)",
                                       errorClass: "deal-amount")
        case .missing:
            guard stage == .success else { return nil }
            throw JobFailure.permanent("task \(taskId) is won but its amount field \(fieldId) is empty; the deal was not uploaded (fill the amount in Planfix)",
                                       errorClass: "deal-amount")
        }
    }

    static func name(_ task: PlanfixTask, taskId: Int) -> String {
        let name = (task.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? "Сделка №\(taskId)" : String(name.prefix(255))
    }

    static func format(_ date: Date) -> String { UISReportWindow.format(date, in: DealAssumptions.timeZone) }

    /// The record without its modification time: equal fingerprints mean nothing UIS keeps has changed.
    static func fingerprint(_ record: UISDealRecord) throws -> String {
        var r = record
        r.modifiedDateTime = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(r), as: UTF8.self)
    }

    /// UIS's own Planfix integration («Сделки») uploads the same deals under its own ids: both on one account
    /// count revenue twice. Said once per tenant and process (log and metric), and in the setup guide.
    private func warnAboutUISDeals(tenant: String, logger: Logger) {
        guard warned.first(tenant) else { return }
        registry.gauge("deals_uis_switch_must_be_off", help: "1 for tenants whose deals this fleet uploads: UIS's own «Сделки» switch must be off for them.",
                       labels: ["tenant": tenant]).set(1)
        logger.warning("deals.uis_switch", "this fleet uploads tenant \(tenant)'s deals to UIS: UIS's own «Сделки» switch (Planfix integration) must be off for this account, or revenue is counted twice",
                       ["tenant": tenant])
    }

    private func count(_ result: String) {
        registry.counter("deals_jobs_total", help: "Deal jobs by result.", labels: ["result": result]).inc()
    }
}

/// Tenants already warned about in this process.
final class WarnedTenants: Sendable {
    private let seen = Mutex<Set<String>>([])
    /// True the first time a tenant is named.
    func first(_ tenant: String) -> Bool { seen.withLock { $0.insert(tenant).inserted } }
}
