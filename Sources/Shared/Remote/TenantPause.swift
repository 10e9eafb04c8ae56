/// Pauses a tenant's jobs for one remote API while its credentials are refused, so they wait for an operator
/// instead of burning their attempts; every process sees the pause through Redis.
public struct TenantPause: Sendable {
    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    /// Pauses for `duration` (after which one job tries again, like a probe), with the reason for operators.
    public func pause(tenant: String, api: RemoteAPI, reason: String, for duration: Duration) async throws {
        try await redis.send(RedisCommand("SET", TenantKeys(tenant: tenant).paused(api.rawValue), SecretRedactor.shared.redact(reason),
                                          "PX", String(duration.milliseconds)))
    }

    /// The remaining pause and its reason, or nil when not paused.
    public func current(tenant: String, api: RemoteAPI) async throws -> (reason: String, remaining: Duration)? {
        let key = TenantKeys(tenant: tenant).paused(api.rawValue)
        let replies = try await redis.pipeline([RedisCommand("GET", key), RedisCommand("PTTL", key)])
        guard let reason = try replies[0].orThrow().string, let ttl = try replies[1].orThrow().int, ttl > 0 else { return nil }
        return (reason, .milliseconds(ttl))
    }

    /// Lifts the pause (new credentials were saved).
    public func resume(tenant: String, api: RemoteAPI) async throws {
        try await redis.send(RedisCommand("DEL", TenantKeys(tenant: tenant).paused(api.rawValue)))
    }
}
