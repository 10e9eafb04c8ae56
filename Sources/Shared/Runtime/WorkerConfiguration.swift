/// How one worker process runs, read from the environment (every setting has a default and a reason).
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `REDIS_URL` | `redis://127.0.0.1:6379/0` | the Redis (or, with `REDIS_SENTINELS`, its password and db) |
/// | `FLEET_CONCURRENCY` | 32 | jobs in flight per process per queue |
/// | `FLEET_SHUTDOWN_GRACE_SECONDS` | 25 | how long SIGTERM waits for in-flight jobs before putting them back |
/// | `FLEET_HEARTBEAT_TTL_MS` | 30000 | a consumer silent this long is dead and its jobs are returned |
/// | `FLEET_MAX_DELIVERIES` | 3 | deliveries to dying consumers before a job is poison |
/// | `FLEET_PROMOTE_INTERVAL_MS` | 250 | how often due retries are moved to `ready` |
/// | `FLEET_METRICS_PORT` | 0 (off) | port of `/healthz` and `/metrics` |
/// | `FLEET_METRICS_HOST` | 127.0.0.1 | interface of that server |
/// | `FLEET_LOG_LEVEL` | info | debug, info, warning, error |
public struct WorkerConfiguration: Sendable {
    public var concurrency = 32
    public var shutdownGrace: Duration = .seconds(25)
    /// 30 s: three missed 10 s heartbeats, so a GC-free Swift process under load is never judged dead by mistake,
    /// and a crashed one's jobs come back within half a minute.
    public var heartbeatTTL: Duration = .seconds(30)
    /// 3: one crash can be bad luck (OOM killer, deploy), three in a row on the same job is the job.
    public var maxDeliveries = 3
    /// 250 ms: the promoter is cheap and a retry that is due should not wait much longer.
    public var promoteInterval: Duration = .milliseconds(250)
    public var metricsPort = 0
    public var metricsHost = "127.0.0.1"

    public init() {}

    /// Reads the `FLEET_*` variables; a malformed value is a start-up error naming the variable.
    public init(environment env: [String: String]) throws {
        func int(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = env[name], !text.isEmpty else { return nil }
            guard let v = Int(text), range.contains(v) else { throw ConfigurationError("\(name) must be a whole number in \(range), got \"\(text)\"") }
            return v
        }
        if let v = try int("FLEET_CONCURRENCY", 1...4096) { concurrency = v }
        if let v = try int("FLEET_SHUTDOWN_GRACE_SECONDS", 0...3600) { shutdownGrace = .seconds(v) }
        if let v = try int("FLEET_HEARTBEAT_TTL_MS", 300...3_600_000) { heartbeatTTL = .milliseconds(v) }
        if let v = try int("FLEET_MAX_DELIVERIES", 1...100) { maxDeliveries = v }
        if let v = try int("FLEET_PROMOTE_INTERVAL_MS", 10...60_000) { promoteInterval = .milliseconds(v) }
        if let v = try int("FLEET_METRICS_PORT", 0...65535) { metricsPort = v }
        if let host = env["FLEET_METRICS_HOST"], !host.isEmpty { metricsHost = host }
    }
}

/// A bad setting, reported at start-up with the name of what is wrong.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
