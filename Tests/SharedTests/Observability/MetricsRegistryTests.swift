import Testing
@testable import Shared

@Suite struct MetricsRegistryTests {
    @Test func rendersASmallRegistryExactly() async {
        let registry = MetricsRegistry(redactor: SecretRedactor())
        registry.counter("jobs_total", help: "Jobs finished.", labels: ["queue": "telephony", "outcome": "done"]).inc(3)
        registry.counter("jobs_total", help: "Jobs finished.", labels: ["queue": "billing", "outcome": "done"]).inc()
        registry.counter("jobs_total", help: "Jobs finished.", labels: ["queue": "billing", "outcome": "failed"]).inc(0.5)
        let inFlight = registry.gauge("jobs_in_flight", help: "Jobs running now.")
        inFlight.set(7)
        inFlight.inc()
        inFlight.dec(3)
        let duration = registry.histogram(
            "job_duration_seconds", help: "Job duration.\nIn seconds.", labels: ["queue": "telephony"],
            buckets: [1, 0.1, 0.5]
        )
        duration.observe(0.05)
        duration.observe(0.1)
        duration.observe(0.75)
        duration.observe(3)
        let expected = """
            # HELP job_duration_seconds Job duration.\\nIn seconds.
            # TYPE job_duration_seconds histogram
            job_duration_seconds_bucket{queue="telephony",le="0.1"} 2
            job_duration_seconds_bucket{queue="telephony",le="0.5"} 2
            job_duration_seconds_bucket{queue="telephony",le="1"} 3
            job_duration_seconds_bucket{queue="telephony",le="+Inf"} 4
            job_duration_seconds_sum{queue="telephony"} 3.9
            job_duration_seconds_count{queue="telephony"} 4
            # HELP jobs_in_flight Jobs running now.
            # TYPE jobs_in_flight gauge
            jobs_in_flight 5
            # HELP jobs_total Jobs finished.
            # TYPE jobs_total counter
            jobs_total{outcome="done",queue="billing"} 1
            jobs_total{outcome="done",queue="telephony"} 3
            jobs_total{outcome="failed",queue="billing"} 0.5

            """
        #expect(await registry.render() == expected)
    }

    @Test func emptyRegistryRendersNothing() async {
        #expect(await MetricsRegistry().render() == "")
    }

    @Test func histogramWithDefaultBucketsAndSpecialValues() async {
        let registry = MetricsRegistry(redactor: SecretRedactor())
        let histogram = registry.histogram("wait_seconds", help: "Wait.")
        #expect(histogram.upperBounds == Histogram.defaultSecondsBuckets)
        #expect(Histogram.defaultSecondsBuckets.first == 0.001 && Histogram.defaultSecondsBuckets.last == 60)
        histogram.observe(.nan)
        histogram.observe(.infinity)
        histogram.observe(0.001)
        #expect(histogram.count == 2)
        let text = await registry.render()
        #expect(text.contains("wait_seconds_bucket{le=\"0.001\"} 1\n"))
        #expect(text.contains("wait_seconds_bucket{le=\"60\"} 1\n"))
        #expect(text.contains("wait_seconds_bucket{le=\"+Inf\"} 2\n"))
        #expect(text.contains("wait_seconds_sum +Inf\n"))
        let gauge = registry.gauge("ratio", help: "Ratio.")
        gauge.set(.nan)
        #expect(await registry.render().contains("\nratio NaN\n"))
    }

    @Test func escapesAndRedactsLabelValues() async {
        let redactor = SecretRedactor()
        redactor.register("label-secret-99")
        let registry = MetricsRegistry(redactor: redactor)
        registry.counter("errors_total", help: "Errors.", labels: ["error": "say \"no\"\\\nnow"]).inc()
        registry.counter("errors_total", help: "Errors.", labels: ["error": "bad label-secret-99"]).inc()
        registry.gauge("redis_up", help: "Up.", labels: ["url": "redis://:pw123456@r:6379"]).set(1)
        let text = await registry.render()
        #expect(text.contains(#"errors_total{error="say \"no\"\\\nnow"} 1"# + "\n"))
        #expect(text.contains(#"errors_total{error="bad ***"} 1"# + "\n"))
        #expect(text.contains(#"redis_up{url="redis://:***@r:6379"} 1"# + "\n"))
        #expect(!text.contains("label-secret-99") && !text.contains("pw123456"))
    }

    @Test func sameNameAndLabelsReturnTheSameInstance() {
        let registry = MetricsRegistry()
        let first = registry.counter("c_total", help: "C.", labels: ["a": "1", "b": "2"])
        let second = registry.counter("c_total", help: "ignored", labels: ["b": "2", "a": "1"])
        let other = registry.counter("c_total", help: "C.", labels: ["a": "2", "b": "2"])
        #expect(first === second)
        #expect(first !== other)
        #expect(registry.gauge("g", help: "G.") === registry.gauge("g", help: "G."))
        #expect(registry.histogram("h", help: "H.") === registry.histogram("h", help: "H.", buckets: [1]))
    }

    @Test func countersIgnoreInvalidIncrements() {
        let counter = MetricsRegistry().counter("c_total", help: "C.")
        counter.inc(-1)
        counter.inc(.nan)
        counter.inc(.infinity)
        counter.inc(2)
        #expect(counter.value == 2)
    }

    @Test func collectorsAreIncludedInRender() async {
        let registry = MetricsRegistry(redactor: SecretRedactor())
        registry.gauge("queue_depth", help: "Jobs waiting.", labels: ["queue": "billing"]).set(2)
        registry.addCollector {
            [
                MetricSample(name: "queue_depth", help: "x", type: .gauge, labels: ["queue": "telephony"], value: 12),
                MetricSample(name: "queue_depth", help: "x", type: .gauge, labels: ["queue": "billing"], value: 99),
                MetricSample(name: "queue_depth", help: "x", type: .counter, labels: ["queue": "x"], value: 1),
                MetricSample(name: "bad-name", help: "x", type: .gauge, value: 1),
                MetricSample(name: "lat", help: "x", type: .histogram, value: 1),
            ]
        }
        registry.addCollector {
            [
                MetricSample(name: "lease_seconds_bucket", help: "Lease.", type: .histogram, labels: ["le": "1"], value: 3),
                MetricSample(name: "lease_seconds_bucket", help: "Lease.", type: .histogram, labels: ["le": "+Inf"], value: 4),
                MetricSample(name: "lease_seconds_sum", help: "Lease.", type: .histogram, value: 2.5),
                MetricSample(name: "lease_seconds_count", help: "Lease.", type: .histogram, value: 4),
                MetricSample(name: "workers", help: "Live workers.", type: .gauge, labels: [:], value: 3),
            ]
        }
        let expected = """
            # HELP lease_seconds Lease.
            # TYPE lease_seconds histogram
            lease_seconds_bucket{le="1"} 3
            lease_seconds_bucket{le="+Inf"} 4
            lease_seconds_sum 2.5
            lease_seconds_count 4
            # HELP queue_depth Jobs waiting.
            # TYPE queue_depth gauge
            queue_depth{queue="billing"} 2
            queue_depth{queue="telephony"} 12
            # HELP workers Live workers.
            # TYPE workers gauge
            workers 3

            """
        #expect(await registry.render() == expected)
    }

    @Test func collectorsRunAtEveryScrape() async {
        let registry = MetricsRegistry()
        let calls = registry.counter("collector_calls_total", help: "Calls.")
        registry.addCollector {
            calls.inc()
            return [MetricSample(name: "calls_seen", help: "Seen.", type: .gauge, labels: [:], value: calls.value)]
        }
        _ = await registry.render()
        let text = await registry.render()
        #expect(text.contains("\ncalls_seen 2\n"))
    }
}
