import Foundation

/// Caller phone → the phones of the caller's personal manager, per tenant: what the ingest answers UIS
/// interactive call processing from (within UIS's timeout, never waiting on Planfix), kept warm by the workers.
///
/// How it fails: a missing, unreadable or too old entry reads as nil (the caller gets the configured
/// `returned_code`); Redis errors surface to the caller, which answers the fallback too.
public struct PersonalManagerCache: Sendable {
    /// How long an entry stays in Redis at most; the tenant's `max_age_seconds` decides when it is too old to use.
    public static let retention: Duration = .seconds(30 * 86_400)

    public struct Entry: Codable, Sendable, Equatable {
        /// Numbers UIS should ring (the manager's phones), empty when the caller has no manager.
        public var phones: [String]
        /// Planfix extension of the responsible employee, for the record.
        public var extensionNumber: String?
        /// Epoch milliseconds when this was learned.
        public var at: Int64

        public init(phones: [String], extensionNumber: String?, at: Int64) {
            self.phones = phones
            self.extensionNumber = extensionNumber
            self.at = at
        }
    }

    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    /// The entry for `phone` (E.164) when it is at most `maxAge` old.
    public func lookup(tenant: String, phone: String, maxAge: Duration, now: Int64 = WallClock.epochMillis()) async throws -> Entry? {
        let reply = try await redis.send(RedisCommand("GET", TenantKeys(tenant: tenant).personalManager(phone: phone))).orThrow()
        guard let bytes = reply.bytes, let entry = try? JSONDecoder().decode(Entry.self, from: Data(bytes)) else { return nil }
        return now - entry.at <= maxAge.milliseconds ? entry : nil
    }

    public func store(tenant: String, phone: String, entry: Entry) async throws {
        let bytes = Array(try JSONEncoder().encode(entry))
        try await redis.send(RedisCommand([Array("SET".utf8), Array(TenantKeys(tenant: tenant).personalManager(phone: phone).utf8), bytes,
                                           Array("PX".utf8), Array(String(Self.retention.milliseconds).utf8)])).orThrow()
    }
}
