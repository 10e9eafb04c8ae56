import Foundation

/// A call's telephony state between its notifications, and the Planfix commands planned but not yet sent, in Redis
/// (`TenantKeys.call`, kept 2 days). Events of one call are processed one at a time (the queue's ordering key), so
/// plain reads and writes are enough.
///
/// Why the pending commands are stored: a worker killed between two Planfix requests must not lose the rest (a
/// popup that never closes) nor send them all again; the next run sends exactly what is left.
public struct CallRecordStore: Sendable {
    public struct Record: Codable, Sendable, Equatable {
        public var state: CallState
        public var pending: [TelephonyCommand]
        public init(state: CallState, pending: [TelephonyCommand] = []) {
            self.state = state
            self.pending = pending
        }
    }

    public static let retention: Duration = .seconds(2 * 86_400)
    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    public func load(tenant: String, callSessionId: Int64) async throws -> Record? {
        let reply = try await redis.send(RedisCommand("GET", TenantKeys(tenant: tenant).call(callSessionId))).orThrow()
        return reply.bytes.flatMap { try? JSONDecoder().decode(Record.self, from: Data($0)) }
    }

    public func save(tenant: String, callSessionId: Int64, _ record: Record) async throws {
        try await redis.send(RedisCommand([Array("SET".utf8), Array(TenantKeys(tenant: tenant).call(callSessionId).utf8),
                                           Array(try JSONEncoder().encode(record)),
                                           Array("PX".utf8), Array(String(Self.retention.milliseconds).utf8)])).orThrow()
    }
}
