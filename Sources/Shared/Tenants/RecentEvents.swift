import Foundation

/// Each tenant's last few thousand normalised events, kept so operators can preview templates with real data and
/// dry-run settings ("what would these rules have created yesterday?").
///
/// A capped list per tenant (newest first) with a TTL, so it never grows and goes away for a tenant that stops
/// sending. Recording is best effort: it must never fail the event it describes. Parameters are what the rules
/// see (caller number, site, ...): the same data Planfix gets, no secrets.
public struct RecentEvents: Sendable {
    /// Events kept per tenant: a busy tenant's day of calls.
    public static let capacity = 5000
    /// How long a tenant's list lives after its last event.
    public static let retention: Duration = .seconds(7 * 86_400)

    public struct Recorded: Codable, Sendable, Equatable {
        /// Epoch milliseconds.
        public var at: Int64
        public var flow: RuleFlow
        public var isLost: Bool
        public var parameters: [String: String]

        public var event: RuleEvent { RuleEvent(flow: flow, parameters: parameters) }
    }

    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    /// Adds an event (one round trip: push, trim, refresh the TTL).
    public func record(tenant: String, event: RuleEvent, isLost: Bool = false, at: Int64 = WallClock.epochMillis()) async throws {
        let key = TenantKeys(tenant: tenant).recentEvents
        var w = JSONWriter(capacity: 256)
        w.object { o in
            o.int("at", at)
            o.string("flow", event.flow.rawValue)
            o.bool("isLost", isLost)
            o.value("parameters", .object(event.parameters.mapValues(JSONValue.string)))
        }
        let replies = try await redis.pipeline([
            RedisCommand([Array("LPUSH".utf8), Array(key.utf8), w.bytes]),
            RedisCommand("LTRIM", key, "0", String(Self.capacity - 1)),
            RedisCommand("PEXPIRE", key, String(Self.retention.milliseconds)),
        ])
        for r in replies { try r.orThrow() }
    }

    /// Events newer than `since`, newest first, optionally of one flow; entries that do not decode are skipped.
    public func list(tenant: String, since: Duration? = nil, flow: RuleFlow? = nil, limit: Int = capacity) async throws -> [Recorded] {
        let raw = (try await redis.send(RedisCommand("LRANGE", TenantKeys(tenant: tenant).recentEvents, "0", String(Self.capacity - 1))).array ?? [])
        let cutoff = since.map { WallClock.epochMillis() - $0.milliseconds }
        var out: [Recorded] = []
        for bytes in raw.compactMap(\.bytes) {
            guard let entry = try? JSONDecoder().decode(Recorded.self, from: Data(bytes)) else { continue }
            if let cutoff, entry.at < cutoff { break }
            if let flow, entry.flow != flow { continue }
            out.append(entry)
            if out.count >= limit { break }
        }
        return out
    }
}
