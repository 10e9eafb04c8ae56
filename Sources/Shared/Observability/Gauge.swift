/// A value that goes up and down (in-flight jobs, connected clients), Prometheus type `gauge`.
///
/// Exists for state that is cheapest to track where it changes; for state that lives elsewhere
/// (Redis queue depths) prefer a collector (``MetricsRegistry/addCollector(_:)``).
/// All operations are lock-free. It cannot fail; NaN and infinities are stored and rendered as
/// `NaN`/`+Inf`/`-Inf`, and an unbalanced `inc`/`dec` pair shows up as drift.
public final class Gauge: Sendable {
    public let name: String
    public let labels: [String: String]
    private let storage = AtomicDouble(0)

    init(name: String, labels: [String: String]) {
        self.name = name
        self.labels = labels
    }

    public func set(_ v: Double) {
        storage.store(v)
    }

    public func inc(_ by: Double = 1) {
        storage.add(by)
    }

    public func dec(_ by: Double = 1) {
        storage.add(-by)
    }

    /// Current value.
    public var value: Double {
        storage.load()
    }
}
