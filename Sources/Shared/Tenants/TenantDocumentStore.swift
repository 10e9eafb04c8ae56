/// Each tenant's settings document in Redis, with a version number that goes up on every write.
///
/// The store keeps the document as the JSON bytes that were validated, not a re-encoding, so what an operator
/// imported is what every process reads. Writes are one Lua script (version, document, time, registry), so a
/// reader never sees a version without its document. How it fails: Redis errors surface as thrown errors; a
/// write with `expectedVersion` that lost a race is refused with `QueueError.invalid` and changes nothing.
public struct TenantDocumentStore: Sendable {
    public struct Stored: Sendable, Equatable {
        public let tenant: String
        public let version: Int
        /// Epoch milliseconds of the write.
        public let updatedAt: Int64
        public let document: [UInt8]
    }

    /// Largest settings document accepted: a tenant's rules are kilobytes; megabytes mean a mistake.
    public static let maxDocumentBytes = 512 * 1024

    private static let write = RedisScript(name: "tenantWrite", source: """
        local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
        if ARGV[3] ~= '' and tonumber(ARGV[3]) ~= current then return -1 end
        local version = current + 1
        redis.call('HSET', KEYS[1], 'version', version, 'document', ARGV[1], 'updatedAt', ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[4])
        return version
        """)

    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    /// Tenant ids with a document, sorted.
    public func list() async throws -> [String] {
        (try await redis.send(RedisCommand("SMEMBERS", QueueKeys.tenants)).array ?? []).compactMap(\.string).sorted()
    }

    /// The stored document, or nil.
    public func get(_ tenant: String) async throws -> Stored? {
        let reply = try await redis.send(RedisCommand("HMGET", TenantKeys(tenant: tenant).settings, "version", "updatedAt", "document"))
        let parts = reply.array ?? []
        guard parts.count == 3, let version = parts[0].int, let document = parts[2].bytes else { return nil }
        return Stored(tenant: tenant, version: version, updatedAt: Int64(parts[1].int ?? 0), document: document)
    }

    /// The current version only (what caches poll), 0 when there is no document.
    public func version(_ tenant: String) async throws -> Int {
        try await redis.send(RedisCommand("HGET", TenantKeys(tenant: tenant).settings, "version")).int ?? 0
    }

    /// Stores a document the caller has validated. - Returns: the new version.
    /// - Parameter expectedVersion: refuse the write unless the stored version is this (0 = none yet).
    @discardableResult
    public func put(_ tenant: String, document: [UInt8], expectedVersion: Int? = nil) async throws -> Int {
        guard TenantKeys.isValidTenantID(tenant) else { throw QueueError.invalid("invalid tenant id \"\(tenant)\"") }
        guard document.count <= Self.maxDocumentBytes else {
            throw QueueError.invalid("the settings document is \(document.count) bytes, over \(Self.maxDocumentBytes)")
        }
        let reply = try await redis.run(Self.write, keys: [TenantKeys(tenant: tenant).settings, QueueKeys.tenants],
                                        args: [document, Array(String(WallClock.epochMillis()).utf8),
                                               Array((expectedVersion.map(String.init) ?? "").utf8), Array(tenant.utf8)])
        guard let version = reply.int, version > 0 else {
            throw QueueError.conflict("tenant \(tenant) was changed by someone else (expected version \(expectedVersion ?? 0)); read it again")
        }
        return version
    }

    /// Deletes the tenant's document. - Returns: whether there was one.
    @discardableResult
    public func delete(_ tenant: String) async throws -> Bool {
        let replies = try await redis.pipeline([
            RedisCommand("DEL", TenantKeys(tenant: tenant).settings),
            RedisCommand("SREM", QueueKeys.tenants, tenant),
        ])
        return try replies[0].orThrow().int == 1
    }
}
