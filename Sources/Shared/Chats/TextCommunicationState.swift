import Foundation

/// How far the chats worker got with one communication, in Redis (`TenantKeys.textCommunication`, 30 days).
///
/// Why: a chat comes back several times (start, end, tag, polls) and must be tasked once, decided primary or
/// repeat once (before the fleet's own contact exists), and get its transcript once; the poller skips what is
/// finished. The effect store guards each create; this records the decisions between them.
public struct TextCommunicationState: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        /// Entities made (or the rules said to make nothing).
        case processed
        /// The filter or a disabled flow rejected it.
        case filtered
        /// A chat without contact data while «Передавать чаты без контактных данных» is off.
        case skippedWithoutContactData = "skipped_without_contact_data"
    }

    /// Decided once, at the first time the trigger fired.
    public var isRepeat: Bool?
    /// The contact found by matching (repeat communications).
    public var matchedContactId: Int?
    public var outcome: Outcome?
    public var contactId: Int?
    public var taskId: Int?
    public var transcriptAdded = false
    /// The earliest `firstSeenAt` of the jobs that decided for this communication (the effect store's `since`).
    public var firstSeenAt: Int64?

    public init() {}

    /// Nothing left to do: entities decided, and a chat's transcript added once it ended (or no task to add it to).
    public func isFinished(_ c: TextCommunication) -> Bool {
        guard let outcome else { return false }
        guard outcome == .processed, c.flow == .chat, taskId != nil else { return true }
        return transcriptAdded
    }
}

/// Reads and writes `TextCommunicationState`. Events of one communication run one at a time (the ordering key and
/// the communication lock), so plain reads and writes are enough. An unreadable stored state counts as none.
public struct TextCommunicationStateStore: Sendable {
    public static let retention: Duration = .seconds(30 * 86_400)
    public static let lockTTL: Duration = .seconds(120)
    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    public func load(tenant: String, communicationId: Int64) async throws -> TextCommunicationState? {
        let reply = try await redis.send(RedisCommand("GET", TenantKeys(tenant: tenant).textCommunication(communicationId))).orThrow()
        return reply.bytes.flatMap { try? JSONDecoder().decode(TextCommunicationState.self, from: Data($0)) }
    }

    public func save(tenant: String, communicationId: Int64, _ state: TextCommunicationState) async throws {
        try await redis.send(RedisCommand([Array("SET".utf8), Array(TenantKeys(tenant: tenant).textCommunication(communicationId).utf8),
                                           Array(try JSONEncoder().encode(state)),
                                           Array("PX".utf8), Array(String(Self.retention.milliseconds).utf8)])).orThrow()
    }

    /// Takes the communication's lock for `holder` (a lead and a chat of type `offline_message` arrive on different
    /// lanes). - Returns: false when another job holds it.
    public func lock(tenant: String, communicationId: Int64, holder: String) async throws -> Bool {
        let key = TenantKeys(tenant: tenant).textCommunicationLock(communicationId)
        let set = try await redis.send(RedisCommand("SET", key, holder, "NX", "PX", String(Self.lockTTL.milliseconds))).orThrow()
        if set.string == "OK" { return true }
        return try await redis.send(RedisCommand("GET", key)).orThrow().string == holder
    }

    public func unlock(tenant: String, communicationId: Int64, holder: String) async throws {
        let key = TenantKeys(tenant: tenant).textCommunicationLock(communicationId)
        if try await redis.send(RedisCommand("GET", key)).orThrow().string == holder {
            _ = try await redis.send(RedisCommand("DEL", key))
        }
    }
}
