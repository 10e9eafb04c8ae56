import Shared
import Synchronization

/// The ingest's metrics: requests by route and status, latency by route, events pushed, duplicates dropped,
/// rejections by reason, and interactive-routing answers. Labels are bounded: routes come from `WebhookRoute`
/// plus `admin`, `healthz`, `metrics` and `other`; reasons are a fixed vocabulary.
struct IngestMetrics: Sendable {
    let registry: MetricsRegistry
    private let latency: [String: Histogram]
    private let pushed: [String: Counter]
    private let duplicates: [String: Counter]
    /// `ingest_requests_total` by (route, status), looked up once: asking the registry builds a label dictionary,
    /// which cost a measurable share of a webhook's CPU.
    private let requests = RequestCounters()

    static let routes = WebhookRoute.allCases.map(\.rawValue) + ["admin", "healthz", "metrics", "other"]
    /// Sub-millisecond resolution where the target lives (p99 < 5 ms), seconds for slow clients.
    static let buckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]

    init(registry: MetricsRegistry) {
        self.registry = registry
        var latency: [String: Histogram] = [:], pushed: [String: Counter] = [:], duplicates: [String: Counter] = [:]
        for route in Self.routes {
            latency[route] = registry.histogram("ingest_request_seconds", help: "Time to answer a request, by route.",
                                                labels: ["route": route], buckets: Self.buckets)
            pushed[route] = registry.counter("ingest_events_pushed_total", help: "Events stored in Redis, by route.", labels: ["route": route])
            duplicates[route] = registry.counter("ingest_duplicates_total", help: "Re-delivered events dropped as duplicates, by route.",
                                                 labels: ["route": route])
        }
        self.latency = latency
        self.pushed = pushed
        self.duplicates = duplicates
    }

    func finished(route: String, status: Int, seconds: Double) {
        latency[route]?.observe(seconds)
        requests.counter(route: route, status: status) {
            registry.counter("ingest_requests_total", help: "Requests answered, by route and status.",
                             labels: ["route": route, "status": String(status)])
        }.inc()
    }

    func pushed(_ route: WebhookRoute) { pushed[route.rawValue]?.inc() }
    func duplicate(_ route: WebhookRoute) { duplicates[route.rawValue]?.inc() }

    /// `reason`: `unauthenticated`, `bad_token`, `malformed`, `too_large`, `method`, `redis_unavailable`, `disabled`.
    func rejected(route: String, reason: String) {
        registry.counter("ingest_rejected_total", help: "Requests refused, by route and reason.", labels: ["route": route, "reason": reason]).inc()
    }

    /// `result`: `manager`, `fallback`, `timeout`.
    func routingAnswer(_ result: String) {
        registry.counter("ingest_routing_answers_total", help: "Interactive call processing answers, by result.", labels: ["result": result]).inc()
    }
}

/// The request counters already asked of the registry.
private final class RequestCounters: Sendable {
    private struct Key: Hashable {
        let route: String
        let status: Int
    }
    private let known = Mutex<[Key: Counter]>([:])

    func counter(route: String, status: Int, make: () -> Counter) -> Counter {
        let key = Key(route: route, status: status)
        if let c = known.withLock({ $0[key] }) { return c }
        let c = make()
        known.withLock { $0[key] = c }
        return c
    }
}
