import Synchronization

/// Process-wide registry of counters, gauges, histograms and scrape-time collectors, rendered
/// as Prometheus text exposition format 0.0.4 by ``render()``.
///
/// Exists so call sites can ask for a metric by name and labels wherever they are (the same
/// name and labels always return the same instance, so asking again is a lock plus two
/// dictionary lookups) while the hot path (`inc`, `observe`) touches only the metric itself.
///
/// How it can fail: programmer errors stop the process with a precondition failure: an invalid
/// metric or label name, a label named `le` on a histogram, or reusing a name with a different
/// type. Help text and histogram buckets of the first registration win. A collector that hangs
/// hangs the scrape (collectors run concurrently, without timeout); collector samples that
/// are invalid or conflict with registered metrics are dropped (see ``MetricSample``).
/// Metrics are never removed, so labels must have bounded cardinality (no job ids).
public final class MetricsRegistry: Sendable {
    /// The registry served on the process's `/metrics` endpoint.
    public static let shared = MetricsRegistry()

    enum RegisteredMetric: Sendable {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)
    }

    struct Family: Sendable {
        let help: String
        let type: MetricType
        var series: [[String: String]: RegisteredMetric] = [:]
    }

    struct State: Sendable {
        var families: [String: Family] = [:]
        var collectors: [@Sendable () async -> [MetricSample]] = []
    }

    private let state = Mutex(State())
    private let redactor: SecretRedactor

    public convenience init() {
        self.init(redactor: .shared)
    }

    /// A registry whose label values are passed through `redactor` at render time.
    public init(redactor: SecretRedactor) {
        self.redactor = redactor
    }

    public func counter(_ name: String, help: String, labels: [String: String] = [:]) -> Counter {
        let metric = register(name, help: help, type: .counter, labels: labels) {
            .counter(Counter(name: name, labels: labels))
        }
        guard case .counter(let counter) = metric else { preconditionFailure("unreachable") }
        return counter
    }

    public func gauge(_ name: String, help: String, labels: [String: String] = [:]) -> Gauge {
        let metric = register(name, help: help, type: .gauge, labels: labels) {
            .gauge(Gauge(name: name, labels: labels))
        }
        guard case .gauge(let gauge) = metric else { preconditionFailure("unreachable") }
        return gauge
    }

    public func histogram(
        _ name: String, help: String, labels: [String: String] = [:],
        buckets: [Double] = Histogram.defaultSecondsBuckets
    ) -> Histogram {
        let metric = register(name, help: help, type: .histogram, labels: labels) {
            .histogram(Histogram(name: name, labels: labels, buckets: buckets))
        }
        guard case .histogram(let histogram) = metric else { preconditionFailure("unreachable") }
        return histogram
    }

    /// Called at every scrape; returns samples computed at that moment (e.g. queue depths read
    /// from Redis). Collectors of one scrape run concurrently.
    public func addCollector(_ collect: @escaping @Sendable () async -> [MetricSample]) {
        state.withLock { $0.collectors.append(collect) }
    }

    /// The full exposition text: families sorted by name, `# HELP`/`# TYPE` once per family.
    public func render() async -> String {
        let (families, collectors) = state.withLock { ($0.families, $0.collectors) }
        let samples = await Self.collect(collectors)
        var renderer = PrometheusRenderer(redactor: redactor)
        for (name, family) in families {
            renderer.addRegistered(name: name, help: family.help, type: family.type, metrics: Array(family.series.values))
        }
        renderer.addCollected(samples)
        return renderer.text()
    }

    private func register(
        _ name: String, help: String, type: MetricType, labels: [String: String],
        make: () -> RegisteredMetric
    ) -> RegisteredMetric {
        state.withLock { state in
            if let family = state.families[name] {
                precondition(
                    family.type == type,
                    "metric \(name) is already registered as \(family.type.rawValue), not \(type.rawValue)"
                )
                if let existing = family.series[labels] { return existing }
            } else {
                precondition(PrometheusText.isValidMetricName(name), "invalid metric name: \(name)")
            }
            for labelName in labels.keys {
                precondition(PrometheusText.isValidLabelName(labelName), "invalid label name \(labelName) on \(name)")
                precondition(type != .histogram || labelName != "le", "label le is reserved on histogram \(name)")
            }
            let metric = make()
            state.families[name, default: Family(help: help, type: type)].series[labels] = metric
            return metric
        }
    }

    /// Runs all collectors concurrently; samples keep the collectors' registration order.
    private static func collect(_ collectors: [@Sendable () async -> [MetricSample]]) async -> [MetricSample] {
        guard !collectors.isEmpty else { return [] }
        return await withTaskGroup(of: (Int, [MetricSample]).self) { group in
            for (index, collector) in collectors.enumerated() {
                group.addTask { (index, await collector()) }
            }
            var results = Array(repeating: [MetricSample](), count: collectors.count)
            for await (index, samples) in group {
                results[index] = samples
            }
            return results.flatMap { $0 }
        }
    }
}
