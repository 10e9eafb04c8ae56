import Synchronization

/// Distribution of observed values (job durations in seconds), Prometheus type `histogram`.
///
/// Exists to get latency quantiles across the fleet without storing every value. ``observe(_:)``
/// finds the bucket by binary search outside the lock, then takes a small per-histogram mutex
/// to bump one bucket, the sum and the count together, so a scrape sees a consistent snapshot.
/// How it can fail: buckets are fixed at creation (non-finite and duplicate bounds are
/// dropped, `+Inf` is implicit); values beyond the last bound only land in `+Inf`; NaN
/// observations are ignored.
public final class Histogram: Sendable {
    /// Seconds from 1 ms to 60 s, for job and request durations.
    public static let defaultSecondsBuckets: [Double] = [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
    ]

    public let name: String
    public let labels: [String: String]
    /// Finite upper bounds, ascending; the `+Inf` bucket is implicit.
    public let upperBounds: [Double]

    struct State {
        /// Per-bucket (non-cumulative) counts; the last entry is the `+Inf` bucket.
        var bucketCounts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    /// A consistent copy of the histogram's state with cumulative bucket counts.
    struct Snapshot {
        var upperBounds: [Double]
        /// Cumulative counts, one per upper bound plus the final `+Inf` entry.
        var cumulativeCounts: [UInt64]
        var sum: Double
        var count: UInt64
    }

    private let state: Mutex<State>

    init(name: String, labels: [String: String], buckets: [Double]) {
        self.name = name
        self.labels = labels
        self.upperBounds = Array(Set(buckets.filter { $0.isFinite })).sorted()
        self.state = Mutex(State(bucketCounts: Array(repeating: 0, count: upperBounds.count + 1)))
    }

    /// Records one value. NaN is ignored.
    public func observe(_ v: Double) {
        guard !v.isNaN else { return }
        let index = bucketIndex(for: v)
        state.withLock { state in
            state.bucketCounts[index] &+= 1
            state.sum += v
            state.count &+= 1
        }
    }

    /// Number of observations so far.
    public var count: UInt64 {
        state.withLock { $0.count }
    }

    /// Sum of observations so far.
    public var sum: Double {
        state.withLock { $0.sum }
    }

    func snapshot() -> Snapshot {
        let copy = state.withLock { $0 }
        var running: UInt64 = 0
        let cumulative = copy.bucketCounts.map { count in
            running &+= count
            return running
        }
        return Snapshot(upperBounds: upperBounds, cumulativeCounts: cumulative, sum: copy.sum, count: copy.count)
    }

    /// Index of the first bucket whose upper bound is >= `value` (bounds are inclusive).
    private func bucketIndex(for value: Double) -> Int {
        var low = 0
        var high = upperBounds.count
        while low < high {
            let mid = (low + high) / 2
            if upperBounds[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
