/// Metrics of the remote APIs, labelled by tenant (a tenant is one customer account: tens to hundreds, not
/// unbounded).
///
/// | metric | type | labels |
/// |---|---|---|
/// | `fleet_remote_requests_total` | counter | tenant, api, outcome (success, transient, quota, permanent, credentials) |
/// | `fleet_remote_request_seconds` | histogram | api |
/// | `fleet_remote_throttled_total` | counter | tenant, api: jobs deferred by the rate budget |
/// | `fleet_remote_quota_remaining` | gauge | tenant, api, period: what the API says is left |
/// | `fleet_breaker_open` | gauge | tenant, api: 1 while the breaker is open or probing |
/// | `fleet_tenant_paused_total` | counter | tenant, api: pauses for refused credentials |
public struct RemoteMetrics: Sendable {
    let registry: MetricsRegistry

    public init(registry: MetricsRegistry = .shared) { self.registry = registry }

    func request(tenant: String, api: RemoteAPI, outcome: RemoteOutcome, seconds: Double) {
        let name: String
        switch outcome {
        case .success: name = "success"
        case .transient: name = "transient"
        case .quotaExhausted: name = "quota"
        case .permanent: name = "permanent"
        case .credentials: name = "credentials"
        }
        registry.counter("fleet_remote_requests_total", help: "Remote API calls by outcome.",
                         labels: ["tenant": tenant, "api": api.rawValue, "outcome": name]).inc()
        registry.histogram("fleet_remote_request_seconds", help: "Remote API call duration.", labels: ["api": api.rawValue]).observe(seconds)
    }

    func throttled(tenant: String, api: RemoteAPI) {
        registry.counter("fleet_remote_throttled_total", help: "Jobs deferred to a later slot of the rate budget.",
                         labels: ["tenant": tenant, "api": api.rawValue]).inc()
    }

    func missedSendWindow(tenant: String, api: RemoteAPI) {
        registry.counter("fleet_remote_send_window_missed_total",
                         help: "Rate-limited calls not sent because they would have gone out too late behind their slot (they took another).",
                         labels: ["tenant": tenant, "api": api.rawValue]).inc()
    }

    func quotaRemaining(tenant: String, api: RemoteAPI, period: String, _ value: Double) {
        registry.gauge("fleet_remote_quota_remaining", help: "Requests or points left, as the remote API reports.",
                       labels: ["tenant": tenant, "api": api.rawValue, "period": period]).set(value)
    }

    func breaker(tenant: String, api: RemoteAPI, open: Bool) {
        registry.gauge("fleet_breaker_open", help: "1 while the tenant's circuit breaker for the API is open or probing.",
                       labels: ["tenant": tenant, "api": api.rawValue]).set(open ? 1 : 0)
    }

    func paused(tenant: String, api: RemoteAPI) {
        registry.counter("fleet_tenant_paused_total", help: "Times a tenant's jobs were paused for refused credentials.",
                         labels: ["tenant": tenant, "api": api.rawValue]).inc()
    }
}
