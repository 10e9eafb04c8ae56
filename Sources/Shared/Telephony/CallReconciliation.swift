import Foundation

/// UIS does not promise to deliver notifications. Every few minutes per tenant (`CallReconciliation.schedule`),
/// a `calls.reconcile` job reads `get.calls_report` over a sliding window (the last 3 hours, ending 10 minutes
/// ago so webhooks have had their chance) and, for every finished call whose state in the fleet is not completed,
/// queues a synthetic "call finished" / "lost call" built from the report row. It then runs like a webhook's: on
/// the call's ordering key, through the same planner (which ignores what already happened) and the same
/// once-per-call task step, so a call is never completed or tasked twice, whichever way its end arrived.
///
/// Cost: one Data API point per page (1,000 calls) per run: 288 points a day at the default interval, within
/// UIS's daily budget. How it fails: like every remote call (budgets defer it; credentials pause the tenant); a
/// report row without a usable id is skipped.
public struct CallReconciliation: Sendable {
    public static let interval: Duration = .seconds(300)
    public static let lookback: Duration = .seconds(3 * 3600)
    public static let settle: Duration = .seconds(600)

    public let clients: TenantClients
    public let records: CallRecordStore
    public let redis: RedisClient
    public let registry: MetricsRegistry

    public init(clients: TenantClients, redis: RedisClient, registry: MetricsRegistry = .shared) {
        self.clients = clients
        self.redis = redis
        records = CallRecordStore(redis: redis)
        self.registry = registry
    }

    public var kind: JobKind {
        JobKind(FleetJobs.Kind.callsReconcile, payload: CallReconciliationJob.self) { job, context in
            let found = try await reconcile(tenant: context.job.tenant, now: job.scheduledAt, holder: context.job.id)
            if found > 0 { context.logger.info("calls.reconciled", "queued \(found) calls the webhooks missed") }
        }
    }

    /// Reads the window ending `settle` before `now`. - Returns: how many calls were queued.
    @discardableResult
    public func reconcile(tenant: String, now: Int64, holder: String) async throws -> Int {
        let uis = try await clients.uisData(tenant)
        let till = Date(timeIntervalSince1970: Double(now - Self.settle.milliseconds) / 1000)
        let from = till.addingTimeInterval(-Double(Self.lookback.milliseconds) / 1000)
        let queue = try JobQueue(name: FleetJobs.Queue.telephony, redis: redis)
        var queued = 0, offset = 0
        while true {
            let page = try await uis.getCallsReport(from: from, till: till, offset: offset, holder: holder)
            for row in page.rows where row.finishTime != nil {
                if try await records.load(tenant: tenant, callSessionId: Int64(row.id))?.state.completed == true { continue }
                let n = Self.notification(from: row)
                let job = JobEnvelope(kind: FleetJobs.Kind.callEvent, tenant: tenant, payload: try JSONValue(encoding: n),
                                      orderingKey: FleetJobs.orderingKey(tenant: tenant, n.orderingKey))
                if try await queue.enqueue(job, deduplicationKey: "\(tenant):reconcile:\(row.id)", ttl: FleetJobs.webhookDeduplicationTTL) {
                    queued += 1
                }
            }
            offset += UISAssumptions.defaultLimit
            if page.rows.count < UISAssumptions.defaultLimit || offset >= UISAssumptions.maxOffset { break }
        }
        registry.counter("telephony_calls_reconciled_total", help: "Finished calls found in UIS's report that no webhook completed.").inc(Double(queued))
        return queued
    }

    /// The "call finished" (or "lost call") a webhook would have brought, from a `get.calls_report` row.
    public static func notification(from row: UISCallRecord) -> CallNotification {
        let lost = row.isLost == true
        var n = CallNotification(type: lost ? .lostCall : .callFinished, callSessionId: Int64(row.id))
        n.notificationName = "reconciliation"
        n.direction = row.direction.flatMap(UISCallDirection.init(uis:)) ?? .incoming
        n.directionRaw = row.direction
        n.contactNumber = row.contactPhoneNumber.map { .init(raw: $0.value) }
        n.virtualNumber = row.virtualPhoneNumber.map { .init(raw: $0.value) }
        let employees = row.employees ?? []
        n.employeeIds = employees.compactMap { $0.employeeId.map(Int64.init) }
        n.lastTalkedEmployeeId = row.lastTalkedEmployeeId.map(Int64.init)
        n.employeeId = n.lastTalkedEmployeeId ?? employees.first { $0.isTalked == true }?.employeeId.map(Int64.init)
        n.employeeName = row.lastTalkedEmployeeFullName
        n.talkDuration = row.talkDuration.map(Int64.init)
        n.waitDuration = row.waitDuration.map(Int64.init)
        n.totalDuration = row.totalDuration.map(Int64.init)
        n.fileLink = row.fullRecordFileLink
        n.scenarioName = row.scenarioName
        n.communicationId = row.communicationId.map(String.init)
        n.callSource = row.source
        n.externalId = row.callApiExternalId
        return n
    }

    /// Queues one run per tenant with telephony on, at most once per interval whatever the number of workers.
    public static func schedule(redis: RedisClient, settings: TenantSettingsCache<TenantSettings>, now: Int64 = WallClock.epochMillis()) async throws -> Int {
        let queue = try JobQueue(name: FleetJobs.Queue.telephonyREST, redis: redis)
        let slot = now / interval.milliseconds
        var queued = 0
        for tenant in try await TenantDocumentStore(redis: redis).list() {
            guard let s = try? await settings.settings(for: tenant), s.telephony.enabled, s.connection.uisDataAPIToken != nil else { continue }
            let job = JobEnvelope(kind: FleetJobs.Kind.callsReconcile, tenant: tenant,
                                  payload: try JSONValue(encoding: CallReconciliationJob(scheduledAt: now)))
            if try await queue.enqueue(job, deduplicationKey: "\(tenant):reconcile-run:\(slot)", ttl: interval * 2) { queued += 1 }
        }
        return queued
    }
}
