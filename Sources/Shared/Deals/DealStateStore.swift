import Foundation

/// The deals flow's state in Redis, per tenant: what was last uploaded for each deal, the funnel UIS has, the
/// deal object's statuses as last read from Planfix, the short lock that lets one job at a time change the
/// funnel, and what each deal contact was last sent as. Keys: `TenantKeys.dealUpload`, `dealFunnel`,
/// `dealStatuses`, `dealFunnelLock`, `dealContactSent` (records waiting for upload: `DealPendingStore`).
///
/// How it fails: Redis errors surface (the job retries); a stored value that does not decode reads as absent
/// (a funnel is then re-synced, which the UIS calls tolerate; a deal's upload state is then rebuilt from the
/// next upload, whose stage time is still the change time).
public struct DealStateStore: Sendable {
    /// Upload states outlive any deal that is still being worked on.
    public static let uploadRetention: Duration = .seconds(400 * 86_400)
    public static let funnelLockTTL: Duration = .seconds(30)

    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .secondsSince1970
        e.outputFormatting = .sortedKeys
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .secondsSince1970
        return d
    }()

    private func get<T: Decodable>(_ key: String, as: T.Type) async throws -> T? {
        guard let text = try await redis.send(RedisCommand("GET", key)).orThrow().string else { return nil }
        return try? Self.decoder.decode(T.self, from: Data(text.utf8))
    }

    private func set(_ key: String, _ value: some Encodable, ttl: Duration?) async throws {
        let json = String(decoding: try Self.encoder.encode(value), as: UTF8.self)
        let command = ttl.map { RedisCommand("SET", key, json, "PX", String($0.milliseconds)) } ?? RedisCommand("SET", key, json)
        try await redis.send(command).orThrow()
    }

    public func lastUpload(tenant: String, taskId: Int64) async throws -> DealUploadState? {
        try await get(TenantKeys(tenant: tenant).dealUpload(taskId), as: DealUploadState.self)
    }

    public func recordUpload(tenant: String, taskId: Int64, _ state: DealUploadState) async throws {
        try await set(TenantKeys(tenant: tenant).dealUpload(taskId), state, ttl: Self.uploadRetention)
    }

    /// The fingerprint of a deal contact as last sent to UIS (`DealContactSync`), or nil when it never was.
    public func sentContact(tenant: String, contactId: Int) async throws -> String? {
        try await redis.send(RedisCommand("GET", TenantKeys(tenant: tenant).dealContactSent(contactId))).orThrow().string
    }

    public func recordSentContact(tenant: String, contactId: Int, fingerprint: String) async throws {
        try await redis.send(RedisCommand("SET", TenantKeys(tenant: tenant).dealContactSent(contactId), fingerprint, "PX",
                                          String(Self.uploadRetention.milliseconds))).orThrow()
    }

    /// The funnel as last synced to UIS.
    public func appliedFunnel(tenant: String) async throws -> UISSalesFunnel? {
        try await get(TenantKeys(tenant: tenant).dealFunnel, as: UISSalesFunnel.self)
    }

    public func recordFunnel(tenant: String, _ funnel: UISSalesFunnel) async throws {
        try await set(TenantKeys(tenant: tenant).dealFunnel, funnel, ttl: nil)
    }

    public func cachedStatuses(tenant: String, objectId: Int) async throws -> [PlanfixStatus]? {
        try await get(TenantKeys(tenant: tenant).dealStatuses(objectId: objectId), as: [PlanfixStatus].self)
    }

    public func cacheStatuses(tenant: String, objectId: Int, _ statuses: [PlanfixStatus]) async throws {
        try await set(TenantKeys(tenant: tenant).dealStatuses(objectId: objectId), statuses, ttl: DealAssumptions.statusesCacheTTL)
    }

    /// Takes the funnel lock for `holder`. - Returns: false when another job holds it.
    public func lockFunnel(tenant: String, holder: String) async throws -> Bool {
        let reply = try await redis.send(RedisCommand("SET", TenantKeys(tenant: tenant).dealFunnelLock, holder, "NX", "PX",
                                                      String(Self.funnelLockTTL.milliseconds))).orThrow()
        return reply.string == "OK"
    }

    /// Releases the funnel lock if `holder` still has it.
    public func unlockFunnel(tenant: String, holder: String) async throws {
        let key = TenantKeys(tenant: tenant).dealFunnelLock
        if try await redis.send(RedisCommand("GET", key)).orThrow().string == holder {
            try await redis.send(RedisCommand("DEL", key)).orThrow()
        }
    }
}
