import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// Retries, Retry-After, deferrals and the dead letters, with a real worker and fleetctl.
/// The test job kinds use RetryPolicy(maxAttempts: 4, base 200 ms, cap 2 s, no jitter).
@Suite(.serialized) struct RetryAndDeadLetterTests {
    @Test func retriesFollowTheBackoffAndRetryAfter() async throws {
        let h = try FleetHarness()
        let backoff = h.jobs(1, kind: "flaky", payload: ["failTimes": 3])[0]
        let retryAfter = h.jobs(1, kind: "flaky", payload: ["failTimes": 1, "retryAfterMs": 900])[0]
        try await h.queue.enqueue(batch: [backoff, retryAfter])
        let worker = try h.startWorker()
        #expect(try await eventually { Set(try await h.done()) == [backoff.id, retryAfter.id] }, "\(worker.output.suffix(2000))")
        let times = try await h.attemptTimes(backoff.id)
        #expect(times.count == 4)
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        // 200, 400, 800 ms (no jitter); the promoter adds up to its 50 ms tick and scheduling noise.
        for (gap, expected) in zip(gaps, [200, 400, 800] as [Int64]) {
            #expect(gap >= expected && gap < expected + 1500, "gap \(gap) ms where \(expected) ms was due")
        }
        let ra = try await h.attemptTimes(retryAfter.id)
        #expect(ra.count == 2)
        #expect(ra[1] - ra[0] >= 900, "Retry-After of 900 ms not honoured: \(ra[1] - ra[0]) ms")
        worker.kill(SIGTERM)
        _ = await worker.wait(timeout: .seconds(10))
    }

    @Test func exhaustedJobsKeepTheirHistoryAndFleetctlRetriesThem() async throws {
        let h = try FleetHarness()
        let job = h.jobs(1, kind: "flaky", payload: ["failTimes": 4])[0]
        try await h.queue.enqueue(job)
        let worker = try h.startWorker()
        #expect(try await eventually { try await h.queue.deadLetterCount() == 1 }, "\(worker.output.suffix(2000))")
        let letter = try await h.queue.deadLetter(id: job.id)
        #expect(letter.errorClass == "exhausted")
        #expect(letter.job?.attempts == 4)
        #expect(letter.job?.errors.map(\.class) == ["transient", "transient", "transient", "transient", "exhausted"])
        #expect(letter.job?.errors.prefix(4).map(\.message) == ["planned failure 1", "planned failure 2", "planned failure 3", "planned failure 4"])

        let (listStatus, listed) = try await h.fleetctl("dlq", "list", "--json", "--class", "exhausted")
        #expect(listStatus == 0)
        let decoded = try JSONDecoder().decode([DeadLetter].self, from: Data(listed.utf8))
        #expect(decoded.map(\.id) == [job.id])

        let (showStatus, shown) = try await h.fleetctl("dlq", "show", job.id)
        #expect(showStatus == 0)
        #expect(shown.contains("planned failure 2"))

        let (retryStatus, retried) = try await h.fleetctl("dlq", "retry", job.id)
        #expect(retryStatus == 0, "\(retried)")
        #expect(try await eventually { try await h.done() == [job.id] }, "the retried job did not run to success")
        #expect(try await h.queue.deadLetterCount() == 0)
        worker.kill(SIGTERM)
        _ = await worker.wait(timeout: .seconds(10))
    }

    @Test func permanentFailuresGoStraightToTheDeadLettersAndPurgeNeedsYes() async throws {
        let h = try FleetHarness()
        try await h.queue.enqueue(batch: h.jobs(3, kind: "permanent"))
        let worker = try h.startWorker()
        #expect(try await eventually { try await h.queue.deadLetterCount() == 3 })
        let letters = try await h.queue.deadLetters()
        #expect(letters.allSatisfy { $0.errorClass == "test-permanent" && $0.job?.attempts == 0 })

        let (refused, message) = try await h.fleetctl("dlq", "purge", "--all")
        #expect(refused == 2)
        #expect(message.contains("--yes"))
        #expect(try await h.queue.deadLetterCount() == 3)

        let (noSelection, _) = try await h.fleetctl("dlq", "purge", "--yes")
        #expect(noSelection == 2, "an empty selection must not mean everything")

        let exportFile = FileManager.default.temporaryDirectory.appendingPathComponent("dlq-\(UUID()).jsonl").path
        let (exportStatus, _) = try await h.fleetctl("dlq", "export", exportFile, "--tenant", "tenant-0")
        #expect(exportStatus == 0)
        let lines = try String(contentsOfFile: exportFile, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)

        let (purged, _) = try await h.fleetctl("dlq", "purge", "--tenant", "tenant-1", "--yes")
        #expect(purged == 0)
        #expect(try await h.queue.deadLetterCount() == 2)
        let (all, _) = try await h.fleetctl("dlq", "purge", "--all", "--yes")
        #expect(all == 0)
        #expect(try await h.queue.deadLetterCount() == 0)
        worker.kill(SIGTERM)
        _ = await worker.wait(timeout: .seconds(10))
    }

    @Test func retryAtABoundedRate() async throws {
        let h = try FleetHarness()
        try await h.queue.enqueue(batch: h.jobs(6, kind: "permanent"))
        let worker = try h.startWorker()
        #expect(try await eventually { try await h.queue.deadLetterCount() == 6 })
        worker.kill(SIGTERM)
        _ = await worker.wait(timeout: .seconds(10))
        let start = ContinuousClock.now
        let (status, out) = try await h.fleetctl("dlq", "retry", "--all", "--rate", "10/s")
        #expect(status == 0, "\(out)")
        // 6 evenly spaced at 10/s: the last one is not sent before 500 ms.
        #expect(ContinuousClock.now - start >= .milliseconds(500))
        #expect(try await h.queue.depths().ready == 6)
    }

    @Test func deferralsDoNotSpendAttempts() async throws {
        let h = try FleetHarness()
        let job = h.jobs(1, kind: "deferring", payload: ["deferTimes": 6])[0]  // more deferrals than maxAttempts (4)
        try await h.queue.enqueue(job)
        let worker = try h.startWorker()
        #expect(try await eventually { try await h.done() == [job.id] }, "\(worker.output.suffix(2000))")
        #expect(try await h.queue.deadLetterCount() == 0)
        worker.kill(SIGTERM)
        _ = await worker.wait(timeout: .seconds(10))
    }

    @Test func fleetctlFailsClearlyWhenRedisIsDownOrTheIdIsUnknown() async throws {
        let h = try FleetHarness()
        let (unknown, message) = try await h.fleetctl("dlq", "show", "no-such-id")
        #expect(unknown == 1)
        #expect(message.contains("no dead letter with id no-such-id"))
        let (jobStatus, jobMessage) = try await h.fleetctl("job", "show", "no-such-id")
        #expect(jobStatus == 1)
        #expect(jobMessage.contains("no job with id"))
        let port = try FreePort.find()
        let (down, downMessage) = try await FleetProcess.run("fleetctl", ["queues"], environment: ["REDIS_URL": "redis://:secretpw1@127.0.0.1:\(port)/0"])
        #expect(down == 1)
        #expect(downMessage.contains("cannot reach Redis"))
        #expect(!downMessage.contains("secretpw1"))
        let (usage, _) = try await h.fleetctl("dlq", "frobnicate")
        #expect(usage == 2)
    }
}
