import Foundation

/// The chats worker's job kinds for single communications: `chat.event` / `lead.event` (UIS notifications, as
/// hints, on the communication's lane: the record is read from the Data API and, if it has work left, queued as
/// `text.communication` on the tenant's Planfix lane) and `text.communication` (records from the notifications
/// and the poller), which `TextCommunicationProcessor` handles.
///
/// How it fails: a payload of another version → dead letter; a communication the report does not show yet →
/// transient (retried with backoff; the poller also finds it once UIS reports it).
public struct TextEvents: Sendable {
    public let clients: TenantClients
    public let processor: TextCommunicationProcessor
    public let states: TextCommunicationStateStore
    public let redis: RedisClient

    public init(clients: TenantClients, redis: RedisClient, registry: MetricsRegistry = .shared) {
        self.clients = clients
        self.redis = redis
        processor = TextCommunicationProcessor(clients: clients, redis: redis, registry: registry)
        states = TextCommunicationStateStore(redis: redis)
    }

    public var kinds: [JobKind] {
        let notification: @Sendable (TextNotification, JobContext) async throws -> Void = { n, context in try await handle(n, context: context) }
        return [
            JobKind(FleetJobs.Kind.chatEvent, payload: TextNotification.self, retryPolicy: TextCommunicationProcessor.retryPolicy, handler: notification),
            JobKind(FleetJobs.Kind.leadEvent, payload: TextNotification.self, retryPolicy: TextCommunicationProcessor.retryPolicy, handler: notification),
            JobKind(FleetJobs.Kind.textCommunication, payload: TextCommunicationJob.self, retryPolicy: TextCommunicationProcessor.retryPolicy) { job, context in
                guard job.payloadVersion == TextCommunicationJob.payloadVersion else {
                    throw JobFailure.permanent("text.communication payload version \(job.payloadVersion) is not supported", errorClass: "bad-payload")
                }
                try await processor.process(job.communication, context: context)
            },
        ]
    }

    public func handle(_ n: TextNotification, context: JobContext) async throws {
        guard n.isCurrentVersion else {
            throw JobFailure.permanent("notification payload version \(n.payloadVersion) is not supported", errorClass: "bad-payload")
        }
        let tenant = context.job.tenant
        // A finished communication needs no Data API point: nothing a notification says can change it.
        if let state = try await states.load(tenant: tenant, communicationId: n.communicationId), state.outcome != nil,
           n.flow == .lead || state.taskId == nil || state.transcriptAdded {
            context.logger.debug("text.already_finished", "", ["communication": String(n.communicationId)])
            return
        }
        let reader = TextCommunicationReader(uis: try await clients.uisData(tenant))
        guard let record = try await reader.record(for: n, holder: context.job.id) else {
            throw JobFailure.transient("UIS's \(n.flow == .lead ? "offline messages" : "chats") report has no communication \(n.communicationId) yet",
                                       retryAfter: .seconds(10), errorClass: "record-pending")
        }
        let state = try await states.load(tenant: tenant, communicationId: record.communicationId)
        let settings = try await clients.tenantSettings(tenant)
        guard TextCommunicationQueue.hasWork(record, state: state, trigger: settings.chats.trigger) else {
            context.logger.info("text.nothing_to_do", "the communication has no work left in this state", ["communication": String(n.communicationId)])
            return
        }
        if try await TextCommunicationQueue.enqueue(record, tenant: tenant, redis: redis) {
            context.logger.debug("text.queued", "", ["communication": String(n.communicationId)])
        }
    }
}
