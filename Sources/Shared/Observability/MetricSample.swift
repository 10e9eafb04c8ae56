/// Prometheus metric family type.
public enum MetricType: String, Sendable {
    case counter, gauge, histogram
}

/// One sample produced at scrape time by a collector (``MetricsRegistry/addCollector(_:)``),
/// e.g. a queue depth read from Redis.
///
/// Exists so values that live elsewhere are read when Prometheus asks instead of being
/// copied into gauges on a timer. `name` is the sample name; for `.histogram` it must end in
/// `_bucket` (with an `le` label), `_sum` or `_count`, and the family is the name without
/// that suffix. Samples with an invalid name or label name, a type that conflicts with a
/// registered family, or a duplicate series are dropped at render time (a scrape never fails).
public struct MetricSample: Sendable, Equatable {
    public var name: String
    public var help: String
    public var type: MetricType
    public var labels: [String: String]
    public var value: Double

    public init(name: String, help: String, type: MetricType, labels: [String: String] = [:], value: Double) {
        self.name = name
        self.help = help
        self.type = type
        self.labels = labels
        self.value = value
    }
}
