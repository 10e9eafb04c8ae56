import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// /healthz and /metrics of real processes, fleetctl's views, and the HTTP server's hardening at process level.
@Suite(.serialized) struct ObservabilityTests {
    @Test func workerServesHealthAndMetrics() async throws {
        let h = try FleetHarness()
        let port = try FreePort.find()
        try await h.queue.enqueue(batch: h.jobs(20, kind: "noop") + h.jobs(2, kind: "permanent"))
        let worker = try h.startWorker(["FLEET_METRICS_PORT": "\(port)"])
        #expect(try await eventually { try await h.queue.deadLetterCount() == 2 })
        let health = try await eventually { (try? await HTTPProbe.get(port: port, path: "/healthz"))?.status == 200 }
        #expect(health, "\(worker.output.suffix(1000))")
        let metrics = try await HTTPProbe.get(port: port, path: "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("fleet_jobs_total{kind=\"noop\",outcome=\"done\",queue=\"test\"} 20"), "\(metrics.body)")
        #expect(metrics.body.contains("fleet_jobs_total{kind=\"permanent\",outcome=\"dead\",queue=\"test\"} 2"))
        #expect(metrics.body.contains("fleet_queue_depth{queue=\"test\",state=\"dead\"} 2"))
        #expect(metrics.body.contains("fleet_job_latency_seconds_bucket"))
        #expect(metrics.body.contains("fleet_queue_oldest_age_seconds{queue=\"test\"}"))
        // Every log line is one JSON object with the fixed keys.
        for line in worker.output.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["time"] != nil && object?["level"] != nil && object?["process"] as? String == "test-worker")
        }
        h.redisServer.kill()
        #expect(try await eventually { (try? await HTTPProbe.get(port: port, path: "/healthz"))?.status == 503 })
        worker.kill(SIGKILL)
    }

    @Test func fleetctlShowsQueuesAndFindsJobs() async throws {
        let h = try FleetHarness()
        let jobs = h.jobs(3, kind: "noop")
        try await h.queue.enqueue(batch: jobs)
        let (status, table) = try await h.fleetctl("queues")
        #expect(status == 0)
        #expect(table.contains("QUEUE") && table.contains("test"))
        let (jsonStatus, json) = try await h.fleetctl("--json", "queues")
        #expect(jsonStatus == 0)
        let depths = try JSONDecoder().decode([QueueDepths].self, from: Data(json.utf8))
        #expect(depths.first?.ready == 3)
        let (showStatus, shown) = try await h.fleetctl("job", "show", jobs[1].id)
        #expect(showStatus == 0)
        #expect(shown.contains("state:  ready"))
    }

    @Test func ingestRejectsBadHTTPAndKeepsServing() async throws {
        let h = try FleetHarness()
        let port = try FreePort.find()
        let ingest = try FleetProcess("ingest", environment: ["REDIS_URL": h.redisServer.url, "INGEST_PORT": "\(port)"])
        #expect(try await eventually { (try? await HTTPProbe.get(port: port, path: "/healthz"))?.status == 200 }, "\(ingest.output)")
        let bad: [(String, String)] = [
            ("GARBAGE\r\n\r\n", "400"),
            ("GET /" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "414"),
            ("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"),
            ("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", "413"),
            ("GET /healthz HTTP/1.1\r\n" + String(repeating: "X-Filler: \(String(repeating: "y", count: 100))\r\n", count: 400) + "\r\n", "431"),
        ]
        for (request, status) in bad {
            let answer = try await HTTPProbe.raw(port: port, request)
            #expect(answer.hasPrefix("HTTP/1.1 \(status)"), "expected \(status) for \(request.prefix(60)), got \(answer.prefix(60))")
            #expect(try await HTTPProbe.get(port: port, path: "/healthz").status == 200, "the server stopped serving after a bad request")
        }
        ingest.kill(SIGTERM)
        #expect(await ingest.wait(timeout: .seconds(10)) == 0)
    }
}
