import Foundation

/// UIS does not promise to deliver notifications, and tags are set after chats end. Every few minutes per tenant
/// (`ChatPoller.schedule`), a `chats.poll` job reads `get.offline_messages_report` and `get.chats_report` over a
/// sliding window (the last 24 hours, ending 2 minutes ago so notifications have had their chance) and queues a
/// `text.communication` job (`TextCommunicationQueue`) for every chat or lead the fleet has not finished and that
/// has something to do: its trigger fires, or it ended and its task waits for the transcript. A chat of type
/// `offline_message` whose lead is in the same run is left to the lead. An unchanged chat is queued once, and runs
/// through the same once-only processor as the notifications' work.
///
/// Cost: one Data API point per report page (1,000 rows) per run: about 576 points a day at the default interval.
/// How it fails: like every remote call (budgets defer it; credentials pause the tenant); rows without a
/// communication id are skipped.
public struct ChatPoller: Sendable {
    public static let interval: Duration = .seconds(300)
    public static let lookback: Duration = .seconds(24 * 3600)
    public static let settle: Duration = .seconds(120)

    public let clients: TenantClients
    public let redis: RedisClient
    public let states: TextCommunicationStateStore
    public let registry: MetricsRegistry

    public init(clients: TenantClients, redis: RedisClient, registry: MetricsRegistry = .shared) {
        self.clients = clients
        self.redis = redis
        states = TextCommunicationStateStore(redis: redis)
        self.registry = registry
    }

    public var kind: JobKind {
        JobKind(FleetJobs.Kind.chatsPoll, payload: ChatPollJob.self) { job, context in
            let queued = try await poll(tenant: context.job.tenant, now: job.scheduledAt, holder: context.job.id)
            if queued > 0 { context.logger.info("chats.polled", "queued \(queued) chats and leads") }
        }
    }

    /// Reads the window ending `settle` before `now`. - Returns: how many communications were queued.
    @discardableResult
    public func poll(tenant: String, now: Int64, holder: String) async throws -> Int {
        let settings = try await clients.tenantSettings(tenant)
        guard settings.leads.enabled || settings.chats.flow.enabled else { return 0 }
        let uis = try await clients.uisData(tenant)
        let till = Date(timeIntervalSince1970: Double(now - Self.settle.milliseconds) / 1000)
        let from = till.addingTimeInterval(-Double(Self.lookback.milliseconds) / 1000)
        var found: [TextCommunication] = []
        if settings.leads.enabled {
            found += try await UISDataClient.allPages { offset in
                try await uis.getOfflineMessagesReport(from: from, till: till, fields: TextCommunicationReader.leadFields, offset: offset, holder: holder)
            }.compactMap(TextCommunication.init(lead:))
        }
        if settings.chats.flow.enabled || settings.leads.enabled {
            let leads = Set(found.map(\.communicationId))
            found += try await UISDataClient.allPages { offset in
                try await uis.getChatsReport(from: from, till: till, fields: TextCommunicationReader.chatFields, offset: offset, holder: holder)
            }.compactMap(TextCommunication.init(chat:)).filter { !leads.contains($0.communicationId) }
        }
        var queued = 0
        for c in found where settings.flowSettings(c.flow.ruleFlow).enabled {
            let state = try await states.load(tenant: tenant, communicationId: c.communicationId)
            guard TextCommunicationQueue.hasWork(c, state: state, trigger: settings.chats.trigger) else { continue }
            if try await TextCommunicationQueue.enqueue(c, tenant: tenant, redis: redis) { queued += 1 }
        }
        registry.counter("chats_polled_total", help: "Chats and leads found by the poller that no notification had finished.").inc(Double(queued))
        return queued
    }

    /// Queues one run per tenant with leads or chats on, at most once per interval whatever the number of workers.
    public static func schedule(redis: RedisClient, settings: TenantSettingsCache<TenantSettings>, now: Int64 = WallClock.epochMillis()) async throws -> Int {
        let queue = try JobQueue(name: FleetJobs.Queue.chats, redis: redis)
        let slot = now / interval.milliseconds
        var queued = 0
        for tenant in try await TenantDocumentStore(redis: redis).list() {
            guard let s = try? await settings.settings(for: tenant), s.leads.enabled || s.chats.flow.enabled,
                  s.connection.uisDataAPIToken != nil else { continue }
            let job = JobEnvelope(kind: FleetJobs.Kind.chatsPoll, tenant: tenant, payload: try JSONValue(encoding: ChatPollJob(scheduledAt: now)))
            if try await queue.enqueue(job, deduplicationKey: "\(tenant):chats-poll:\(slot)", ttl: interval * 2) { queued += 1 }
        }
        return queued
    }
}
