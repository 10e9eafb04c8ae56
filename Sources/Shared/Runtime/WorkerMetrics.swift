import Synchronization

/// The metrics every worker process exports, with label sets cached so the per-job cost is a dictionary
/// lookup under a lock plus an atomic add.
///
/// | metric | type | labels |
/// |---|---|---|
/// | `fleet_jobs_total` | counter | queue, kind, outcome (done, retried, deferred, dead, expired, undecodable) |
/// | `fleet_job_retries_total` | counter | queue, kind |
/// | `fleet_jobs_expired_total` | counter | queue |
/// | `fleet_jobs_poison_total` | counter | queue (found by this process's reaper) |
/// | `fleet_job_handler_seconds` | histogram | queue, kind |
/// | `fleet_job_latency_seconds` | histogram | queue, kind: from enqueue to done |
/// | `fleet_queue_depth` | gauge | queue, state (ready, ordered, processing, delayed, dead) |
/// | `fleet_queue_oldest_age_seconds` | gauge | queue |
/// | `fleet_queue_consumers` | gauge | queue |
public final class WorkerMetrics: Sendable {
    private struct KindMetrics: Sendable {
        let handler: Histogram
        let latency: Histogram
    }
    private let registry: MetricsRegistry
    private let kinds = Mutex<[String: KindMetrics]>([:])
    private let counters = Mutex<[String: Counter]>([:])

    public init(registry: MetricsRegistry = .shared) { self.registry = registry }

    func handled(queue: String, kind: String, seconds: Double, enqueuedAt: Int64) {
        let m = kindMetrics(queue: queue, kind: kind)
        m.handler.observe(seconds)
        m.latency.observe(max(0, Double(WallClock.epochMillis() - enqueuedAt) / 1000))
        outcome(queue: queue, kind: kind, "done")
    }

    func handlerTime(queue: String, kind: String, seconds: Double) {
        kindMetrics(queue: queue, kind: kind).handler.observe(seconds)
    }

    func outcome(queue: String, kind: String, _ outcome: String) {
        counter("fleet_jobs_total", help: "Jobs finished by this process, by outcome.",
                labels: ["queue": queue, "kind": kind, "outcome": outcome]).inc()
        if outcome == "retried" {
            counter("fleet_job_retries_total", help: "Retries scheduled after a failed run.", labels: ["queue": queue, "kind": kind]).inc()
        }
        if outcome == "expired" {
            counter("fleet_jobs_expired_total", help: "Real-time jobs dropped after their deadline.", labels: ["queue": queue]).inc()
        }
    }

    func poisoned(queue: String, count: Int) {
        counter("fleet_jobs_poison_total", help: "Jobs dead-lettered for killing their consumers.", labels: ["queue": queue]).inc(Double(count))
    }

    /// Scrape-time gauges read from Redis: depths, oldest age and consumers of each queue.
    public func addQueueCollector(_ queues: @escaping @Sendable () async -> [JobQueue]) {
        registry.addCollector {
            var samples: [MetricSample] = []
            for queue in await queues() {
                guard let d = try? await queue.depths() else { continue }
                for (state, value) in [("ready", d.ready), ("ordered", d.orderedPending), ("processing", d.processing),
                                       ("delayed", d.delayed), ("dead", d.dead)] {
                    samples.append(MetricSample(name: "fleet_queue_depth", help: "Jobs in each state of a queue.", type: .gauge,
                                                labels: ["queue": queue.name, "state": state], value: Double(value)))
                }
                samples.append(MetricSample(name: "fleet_queue_oldest_age_seconds", help: "Age of the job at the front of ready.",
                                            type: .gauge, labels: ["queue": queue.name], value: d.oldestAgeSeconds))
                samples.append(MetricSample(name: "fleet_queue_consumers", help: "Consumers registered on a queue.", type: .gauge,
                                            labels: ["queue": queue.name], value: Double(d.consumers)))
            }
            return samples
        }
    }

    private func kindMetrics(queue: String, kind: String) -> KindMetrics {
        let key = queue + "\u{0}" + kind
        if let m = kinds.withLock({ $0[key] }) { return m }
        let labels = ["queue": queue, "kind": kind]
        let m = KindMetrics(
            handler: registry.histogram("fleet_job_handler_seconds", help: "Time spent in job handlers.", labels: labels),
            latency: registry.histogram("fleet_job_latency_seconds", help: "Time from enqueue to done.", labels: labels))
        kinds.withLock { $0[key] = m }
        return m
    }

    private func counter(_ name: String, help: String, labels: [String: String]) -> Counter {
        let key = name + labels.sorted { $0.key < $1.key }.map { "\u{0}\($0.key)=\($0.value)" }.joined()
        if let c = counters.withLock({ $0[key] }) { return c }
        let c = registry.counter(name, help: help, labels: labels)
        counters.withLock { $0[key] = c }
        return c
    }
}
