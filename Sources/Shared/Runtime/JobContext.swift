/// What a handler gets besides its payload.
public struct JobContext: Sendable {
    public let job: JobEnvelope
    public let queue: String
    /// 1 for the first run, 2 for the first retry, ...
    public var attempt: Int { job.attempts + 1 }
    /// A logger bound to the queue, job id, kind and tenant.
    public let logger: Logger
    /// The Redis key whose presence says the consumer running this job is alive (its heartbeat; "" outside a
    /// worker): an effect claim held by a consumer whose heartbeat expired may be taken over (`EffectClaim`).
    public var consumerHeartbeat: String = ""
}

/// A registered job kind: its handler and retry policy.
public struct JobKind: Sendable {
    public let name: String
    public let retryPolicy: RetryPolicy
    let handler: @Sendable (JobContext) async throws -> Void

    /// A handler that reads the raw envelope.
    public init(_ name: String, retryPolicy: RetryPolicy = .default, handler: @escaping @Sendable (JobContext) async throws -> Void) {
        self.name = name
        self.retryPolicy = retryPolicy
        self.handler = handler
    }

    /// A handler over a typed payload. A payload that does not decode is a permanent failure (dead letter
    /// with the decoding problem), never a crash or an endless retry.
    public init<Payload: Decodable & Sendable>(_ name: String, payload: Payload.Type, retryPolicy: RetryPolicy = .default,
                                               handler: @escaping @Sendable (Payload, JobContext) async throws -> Void) {
        self.init(name, retryPolicy: retryPolicy) { context in
            let payload: Payload
            do {
                payload = try context.job.payload.decode(Payload.self)
            } catch {
                throw JobFailure.permanent("payload of \(name) does not decode: \(QueueError.describe(error))", errorClass: "bad-payload")
            }
            try await handler(payload, context)
        }
    }
}
