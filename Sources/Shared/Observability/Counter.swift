/// A monotonically increasing value (jobs done, errors seen), Prometheus type `counter`.
///
/// Exists as the cheapest possible hot-path metric: ``inc(_:)`` is one lock-free
/// compare-exchange, no lookup. Obtain it from ``MetricsRegistry/counter(_:help:labels:)``
/// and keep the reference. How it can fail: negative, NaN and infinite increments would break
/// the counter contract, so they are ignored silently rather than crashing a worker.
public final class Counter: Sendable {
    public let name: String
    public let labels: [String: String]
    private let storage = AtomicDouble(0)

    init(name: String, labels: [String: String]) {
        self.name = name
        self.labels = labels
    }

    /// Adds `by` (default 1). Ignored unless `by` is finite and not negative.
    public func inc(_ by: Double = 1) {
        guard by >= 0, by.isFinite else { return }
        storage.add(by)
    }

    /// Current value.
    public var value: Double {
        storage.load()
    }
}
