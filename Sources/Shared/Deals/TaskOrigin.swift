import Foundation

/// The UIS communication (call, chat or lead) that made the fleet create a Planfix task, so the deal that task
/// becomes can be linked to it (`communication_id` + `communication_type`, uis-chats-leads-deals.md §3.5).
///
/// Written by the flow that creates the task (`CallTask`; chats and leads can use the same record), read by the
/// deals worker. Kept as long as effect records (`EffectStore.retention`).
public struct TaskOrigin: Sendable, Equatable, Codable {
    /// `call`, `chat` or `offline_message` (UIS's `communication_type`).
    public var type: String
    public var communicationId: Int64

    public init(type: String, communicationId: Int64) {
        self.type = type
        self.communicationId = communicationId
    }

    public static func call(_ communicationId: Int64) -> TaskOrigin { TaskOrigin(type: "call", communicationId: communicationId) }
    public static func chat(_ communicationId: Int64) -> TaskOrigin { TaskOrigin(type: "chat", communicationId: communicationId) }
    public static func lead(_ communicationId: Int64) -> TaskOrigin { TaskOrigin(type: "offline_message", communicationId: communicationId) }
}

/// Reads and writes `TaskOrigin`s (`TenantKeys.taskOrigin`).
public struct TaskOriginStore: Sendable {
    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    public func record(tenant: String, taskId: Int64, _ origin: TaskOrigin) async throws {
        let json = String(decoding: try JSONEncoder().encode(origin), as: UTF8.self)
        try await redis.send(RedisCommand("SET", TenantKeys(tenant: tenant).taskOrigin(taskId), json, "PX",
                                          String(EffectStore.retention.milliseconds))).orThrow()
    }

    /// The origin of a task, or nil (unknown, or a record that does not decode).
    public func origin(tenant: String, taskId: Int64) async throws -> TaskOrigin? {
        guard let text = try await redis.send(RedisCommand("GET", TenantKeys(tenant: tenant).taskOrigin(taskId))).orThrow().string else { return nil }
        return try? JSONDecoder().decode(TaskOrigin.self, from: Data(text.utf8))
    }
}
