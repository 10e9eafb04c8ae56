/// Records each remote side effect under a natural key, so a replayed job resumes instead of repeating it.
///
/// The promise it serves: one UIS call creates at most one Planfix task, whatever crashes. `once` checks the
/// record, then (for the window between "Planfix created it" and "we recorded it") asks `find` to look for the
/// marker the fleet writes on its entities, and only then creates. Records live 90 days: long enough for any
/// retry, replay from the dead letters or late webhook re-delivery.
public struct EffectStore: Sendable {
    /// How long an effect record is kept.
    public static let retention: Duration = .seconds(90 * 86_400)

    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    /// The remote id recorded for `key`, if any.
    public func recorded(tenant: String, key: String) async throws -> String? {
        try await redis.send(RedisCommand("GET", TenantKeys(tenant: tenant).effect(key))).string
    }

    /// Records `value` for `key` unless something is already recorded. - Returns: what is recorded now.
    @discardableResult
    public func record(tenant: String, key: String, value: String) async throws -> String {
        let redisKey = TenantKeys(tenant: tenant).effect(key)
        let replies = try await redis.pipeline([
            RedisCommand("SET", redisKey, value, "NX", "PX", String(Self.retention.milliseconds)),
            RedisCommand("GET", redisKey),
        ])
        return try replies[1].orThrow().string ?? value
    }

    /// Makes the effect at most once.
    /// - Parameters:
    ///   - find: looks the entity up by the fleet's marker (nil when there is none).
    ///   - create: makes it and returns its remote id.
    /// - Returns: the remote id, and whether this call created it.
    public func once(tenant: String, key: String, find: () async throws -> String?,
                     create: () async throws -> String) async throws -> (id: String, created: Bool) {
        if let known = try await recorded(tenant: tenant, key: key) { return (known, false) }
        if let found = try await find() { return (try await record(tenant: tenant, key: key, value: found), false) }
        let id = try await create()
        return (try await record(tenant: tenant, key: key, value: id), true)
    }
}
