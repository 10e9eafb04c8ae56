import Foundation

/// The chats worker's job kinds for single communications: `chat.event` / `lead.event` (UIS notifications, as
/// hints: the record is read from the Data API) and `text.communication` (a record the poller already read).
/// Both end in `TextCommunicationProcessor`, on the communication's lane.
///
/// How it fails: a payload of another version → dead letter; a communication the report does not show yet →
/// transient (retried with backoff; the poller also finds it once UIS reports it).
public struct TextEvents: Sendable {
    public let clients: TenantClients
    public let processor: TextCommunicationProcessor
    public let states: TextCommunicationStateStore

    public init(clients: TenantClients, redis: RedisClient, registry: MetricsRegistry = .shared) {
        self.clients = clients
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
           state.taskId == nil || state.transcriptAdded {
            context.logger.debug("text.already_finished", "", ["communication": String(n.communicationId)])
            return
        }
        let reader = TextCommunicationReader(uis: try await clients.uisData(tenant))
        guard let record = try await reader.record(for: n, holder: context.job.id) else {
            throw JobFailure.transient("UIS's \(n.flow == .lead ? "offline messages" : "chats") report has no communication \(n.communicationId) yet",
                                       retryAfter: .seconds(10), errorClass: "record-pending")
        }
        try await processor.process(record, context: context)
    }
}
