import Testing
@testable import Shared

/// Hot-path correctness under contention, and programmer errors that stop the process.
@Suite struct MetricsConcurrencyTests {
    @Test func concurrentIncrementsAddUpExactly() async {
        let registry = MetricsRegistry()
        let tasks = 16
        let perTask = 5_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    let counter = registry.counter("ops_total", help: "Ops.")
                    let gauge = registry.gauge("level", help: "Level.")
                    let histogram = registry.histogram("op_seconds", help: "Op.", buckets: [0.5])
                    for index in 0..<perTask {
                        counter.inc()
                        gauge.inc(2)
                        gauge.dec()
                        histogram.observe(index.isMultiple(of: 2) ? 0.25 : 1)
                        if index.isMultiple(of: 1_000) {
                            _ = registry.counter("ops_by_task_total", help: "Ops.", labels: ["task": String(task)])
                        }
                    }
                }
            }
        }
        let total = Double(tasks * perTask)
        #expect(registry.counter("ops_total", help: "Ops.").value == total)
        #expect(registry.gauge("level", help: "Level.").value == total)
        let histogram = registry.histogram("op_seconds", help: "Op.")
        #expect(histogram.count == UInt64(total))
        #expect(histogram.sum == total / 2 * 1.25)
        let text = await registry.render()
        #expect(text.contains("op_seconds_bucket{le=\"0.5\"} \(tasks * perTask / 2)\n"))
        #expect(text.contains("ops_total \(tasks * perTask)\n"))
    }

    @Test func reusingANameWithAnotherTypeIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            let registry = MetricsRegistry()
            _ = registry.counter("mixed", help: "M.")
            _ = registry.gauge("mixed", help: "M.")
        }
    }

    @Test func invalidMetricNameIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            _ = MetricsRegistry().counter("jobs-total", help: "J.")
        }
    }
}
