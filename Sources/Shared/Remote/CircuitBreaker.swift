/// A circuit breaker per tenant and remote API, shared by every process through Redis.
///
/// After `threshold` consecutive transient failures (timeouts, 5xx) it opens: the tenant's jobs for that API are
/// deferred (not retried, not dead-lettered) for a cooldown; then one request is let through as a probe; its
/// success closes the breaker, its failure re-opens it with the cooldown doubled up to `maxCooldown`. Other
/// tenants are not affected. The state is exported as `fleet_breaker_open{tenant,api}`.
public struct CircuitBreaker: Sendable {
    public enum Gate: Sendable, Equatable {
        case closed
        /// This caller is the probe.
        case probe
        /// Open: come back after this long.
        case open(Duration)
    }

    public let redis: RedisClient
    public var threshold = 5
    public var cooldown: Duration = .seconds(5)
    public var maxCooldown: Duration = .seconds(120)
    /// How long a probe may take before another caller may probe instead.
    public var probeTimeout: Duration = .seconds(30)

    public init(redis: RedisClient) { self.redis = redis }

    public func gate(tenant: String, api: RemoteAPI) async throws -> Gate {
        let reply = try await redis.run(RemoteScripts.breakerGate, keys: [TenantKeys(tenant: tenant).breaker(api.rawValue)],
                                        args: [String(probeTimeout.milliseconds)])
        let parts = reply.array ?? []
        guard parts.count == 3, let allowed = parts[0].int, let wait = parts[1].int else {
            throw RedisError.unexpectedReply("breakerGate returned \(reply)")
        }
        if allowed == 1 { return parts[2].string == "half-open" ? .probe : .closed }
        return .open(.milliseconds(max(wait, 1)))
    }

    /// Records the result of a call that passed the gate. - Returns: the state after it.
    @discardableResult
    public func record(tenant: String, api: RemoteAPI, success: Bool) async throws -> String {
        let reply = try await redis.run(RemoteScripts.breakerRecord, keys: [TenantKeys(tenant: tenant).breaker(api.rawValue)],
                                        args: [success ? "1" : "0", String(threshold), String(cooldown.milliseconds),
                                               String(maxCooldown.milliseconds)])
        return reply.string ?? "closed"
    }

    /// The state without changing it (for metrics and fleetctl).
    public func state(tenant: String, api: RemoteAPI) async throws -> String {
        try await redis.send(RedisCommand("HGET", TenantKeys(tenant: tenant).breaker(api.rawValue), "state")).string ?? "closed"
    }
}
