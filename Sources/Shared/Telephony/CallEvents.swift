import Foundation

/// `call.event` jobs (one UIS call notification each, in order per call): Planfix popups, call history and
/// recordings through the Planfix telephony API, and, when the call ended, the `call.task` job on the REST lane.
///
/// Primary or repeat is decided at the call's first event, before Planfix's own telephony creates the contact:
/// `cmd=contact` asks Planfix whether it knows the caller (a real-time request, not the REST budget); if that
/// fails, UIS's `communication_number` (> 1: the caller called before) decides. Commands are planned by
/// `CallPopupPlanner` and stored as pending before they are sent, then removed one by one, so a killed worker
/// neither loses nor repeats them. How it fails: Planfix refusing one command dead-letters the job with the
/// reason (the call's state stays, so later events still work); budgets and pauses defer it.
public struct CallEvents: Sendable {
    /// Popups older than this (notification time to now) are not sent: the phone stopped ringing long ago.
    public static let maxPopupAge: Duration = .seconds(120)

    public let clients: TenantClients
    public let directory: EmployeeDirectory
    public let records: CallRecordStore
    public let managers: PersonalManagerLookup
    public let redis: RedisClient

    public init(clients: TenantClients, redis: RedisClient) {
        self.clients = clients
        self.redis = redis
        directory = EmployeeDirectory(redis: redis)
        records = CallRecordStore(redis: redis)
        managers = PersonalManagerLookup(clients: clients, redis: redis)
    }

    public var kind: JobKind {
        JobKind(FleetJobs.Kind.callEvent, payload: CallNotification.self,
                retryPolicy: RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(500), maxDelay: .seconds(60), jitter: true)) { n, context in
            try await run(n, context: context)
        }
    }

    public func run(_ n: CallNotification, context: JobContext) async throws {
        let tenant = context.job.tenant, holder = context.job.id
        var record = try await records.load(tenant: tenant, callSessionId: n.callSessionId) ?? .init(state: CallState(callSessionId: n.callSessionId))
        let telephony = try await clients.planfixTelephony(tenant)
        try await send(&record, tenant: tenant, client: telephony, holder: holder)  // left over from a killed run

        if record.state.isRepeat == nil, let phone = n.contactNumber?.e164 {
            record.state.isRepeat = await isKnownCaller(phone: phone, notification: n, client: telephony, tenant: tenant, holder: holder,
                                                        logger: context.logger)
        }
        let snapshot = try await directory.snapshot(tenant: tenant)
        let wasCompleted = record.state.completed
        let data = Self.dataFields(n, settings: try await clients.tenantSettings(tenant))
        record.pending = CallPopupPlanner.plan(n, state: &record.state, extensionOf: { id in snapshot?.byUISEmployee(Int(id))?.extension },
                                               now: WallClock.epochMillis(), maxPopupAge: Self.maxPopupAge.milliseconds, data: data)
        try await records.save(tenant: tenant, callSessionId: n.callSessionId, record)
        try await send(&record, tenant: tenant, client: telephony, holder: holder)

        if record.state.completed, n.type == .callFinished || n.type == .lostCall {
            try await queueTask(n, record: record, tenant: tenant, logger: context.logger)
        }
        if !wasCompleted, record.state.completed {
            context.logger.info("call.completed", "call finished in Planfix", ["call": String(n.callSessionId)])
        }
    }

    /// The tenant's mapped call parameters as `data_<parameter>` values of the «Звонок» data tag (Planfix keeps a
    /// value when the tag has a String field of exactly that name, and ignores it otherwise).
    static func dataFields(_ n: CallNotification, settings: TenantSettings) -> [String: String] {
        let event = n.ruleEvent
        var data: [String: String] = [:]
        for mapping in settings.flowSettings(event.flow).fields {
            if let value = event.parameters[mapping.parameter], !value.isEmpty { data[mapping.parameter] = value }
        }
        return data
    }

    /// Sends the pending commands in order, saving after each.
    private func send(_ record: inout CallRecordStore.Record, tenant: String, client: PlanfixTelephonyClient, holder: String) async throws {
        while let command = record.pending.first {
            switch command {
            case let .event(event): try await client.event(event, holder: holder)
            case let .record(callId, link): try await client.record(callId: callId, link: link, holder: holder)
            }
            record.pending.removeFirst()
            try await records.save(tenant: tenant, callSessionId: record.state.callSessionId, record)
        }
    }

    /// Whether Planfix already knows the caller; UIS's count of the caller's communications when Planfix cannot say.
    /// The same answer names the caller's responsible: it refreshes the personal-manager routing cache for the
    /// caller's next call (best effort; the call goes on without it).
    private func isKnownCaller(phone: String, notification n: CallNotification, client: PlanfixTelephonyClient, tenant: String,
                               holder: String, logger: Logger) async -> Bool {
        do {
            let info = try await client.contact(phone: String(phone.dropFirst()), callId: String(n.callSessionId), holder: holder)
            do { try await managers.remember(tenant: tenant, phone: phone, info: info) } catch {
                logger.warning("call.manager_cache_failed", "the caller's manager was not cached: \(error)")
            }
            return !(info?.name.isEmpty ?? true)
        } catch {
            return (n.communicationNumber.flatMap { Int($0) } ?? 1) > 1
        }
    }

    /// The REST step, once per call (deduplicated for the webhook window).
    private func queueTask(_ n: CallNotification, record: CallRecordStore.Record, tenant: String, logger: Logger) async throws {
        var final = n
        if final.contactNumber == nil, let phone = record.state.phone { final.contactNumber = .init(raw: phone) }
        if final.virtualNumber == nil, let line = record.state.diversion { final.virtualNumber = .init(raw: line) }
        let isLost = n.type == .lostCall || (record.state.talking == nil && record.state.talked.isEmpty && final.direction != .outgoing)
        let payload = CallTaskJob(notification: final, isRepeat: record.state.isRepeat ?? false, isLost: isLost)
        let job = JobEnvelope(kind: FleetJobs.Kind.callTask, tenant: tenant, payload: try JSONValue(encoding: payload),
                              orderingKey: RateLimiter.lane(tenant: tenant, api: .planfixREST))
        let queue = try JobQueue(name: FleetJobs.Queue.telephonyREST, redis: redis)
        let queued = try await queue.enqueue(job, deduplicationKey: "\(tenant):calltask:\(n.callSessionId)", ttl: FleetJobs.webhookDeduplicationTTL)
        if queued { await recordRecent(final, isLost: isLost, tenant: tenant, logger: logger) }
    }

    /// Keeps the finished call for previews and dry runs (once per call, as its task), best effort: the worker
    /// records it rather than the ingest because only here is the call complete (merged number, lost or not), and
    /// it keeps a round trip off the webhook's answer path.
    private func recordRecent(_ n: CallNotification, isLost: Bool, tenant: String, logger: Logger) async {
        do { try await RecentEvents(redis: redis).record(tenant: tenant, event: n.ruleEvent, isLost: isLost) } catch {
            logger.warning("call.recent_failed", "recent event not recorded: \(error)", ["tenant": tenant])
        }
    }
}
