import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// Graceful stop, Redis restarts, per-key ordering at concurrency 32, bad elements and deadlines.
@Suite(.serialized) struct LifecycleTests {
    @Test func gracefulStopLetsShortJobsFinish() async throws {
        let h = try FleetHarness()
        let jobs = h.jobs(10, kind: "sleep", payload: ["sleepMs": 500])
        try await h.queue.enqueue(batch: jobs)
        let worker = try h.startWorker(["FLEET_SHUTDOWN_GRACE_SECONDS": "10"])
        #expect(try await eventually { try await h.started().count == 10 })
        worker.kill(SIGTERM)
        #expect(await worker.wait(timeout: .seconds(15)) == 0, "\(worker.output.suffix(2000))")
        #expect(Set(try await h.done()) == Set(jobs.map(\.id)))
        let d = try await h.queue.depths()
        #expect(d.ready == 0 && d.processing == 0 && d.dead == 0 && d.consumers == 0)
    }

    @Test func gracefulStopPutsUnfinishedJobsBackAtTheHead() async throws {
        let h = try FleetHarness()
        let slow = h.jobs(5, kind: "sleep", payload: ["sleepMs": 30_000])
        try await h.queue.enqueue(batch: slow)
        // Five slots, all taken by the slow jobs: the noop that arrives behind them stays in ready.
        let worker = try h.startWorker(["FLEET_SHUTDOWN_GRACE_SECONDS": "1", "FLEET_CONCURRENCY": "5"])
        #expect(try await eventually { try await h.started().count == 5 })
        try await h.queue.enqueue(h.jobs(1, kind: "noop")[0])
        worker.kill(SIGTERM)
        #expect(await worker.wait(timeout: .seconds(10)) == 0, "\(worker.output.suffix(2000))")
        #expect(worker.output.contains("\"requeued\":\"5\""))
        let ready = try await h.list(h.queue.keys.ready)
        #expect(ready.count == 6)
        let front = try ready.suffix(5).map { try JobEnvelope.decode(Array($0.utf8)).id }
        #expect(Set(front) == Set(slow.map(\.id)), "unfinished jobs must be back at the head of ready")
        #expect(try await h.queue.depths().dead == 0, "unfinished jobs are never marked failed")
    }

    @Test func aRedisRestartLosesNoAcknowledgedJob() async throws {
        let h = try FleetHarness()
        let worker = try h.startWorker(["FLEET_CONCURRENCY": "8"])
        let producer = RedisClient(resolver: h.redisServer.resolver, name: "producer")
        let producerQueue = try JobQueue(name: h.queueName, redis: producer)
        var acknowledged: [String] = []
        for i in 0..<600 {
            if i == 250 {
                h.redisServer.kill(signal: SIGKILL)
                try h.redisServer.start()
            }
            let job = JobEnvelope(kind: "sleep", tenant: "t", payload: ["sleepMs": 2])
            // A producer only counts an enqueue the queue acknowledged; a failed one is retried as a new attempt.
            for _ in 0..<100 {
                if (try? await producerQueue.enqueue(job)) != nil { acknowledged.append(job.id); break }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(acknowledged.count == 600)
        let complete = try await eventually(timeout: .seconds(60)) { Set(try await h.done()).isSuperset(of: acknowledged) }
        let missing = Set(acknowledged).subtracting(Set(try await h.done()))
        #expect(complete, "\(missing.count) acknowledged jobs were lost\n\(worker.output.suffix(3000))")
        worker.kill(SIGTERM)
        _ = await worker.wait(timeout: .seconds(10))
    }

    @Test func jobsOfOneKeyNeverOverlapAndKeepTheirOrder() async throws {
        let h = try FleetHarness()
        let keys = 16, perKey = 20
        let jobs = (0..<(keys * perKey)).map { i in
            JobEnvelope(kind: "record", tenant: "t", payload: ["seq": .number(Double(i / keys)), "sleepMs": .number(Double(i % 3))],
                        orderingKey: "call-\(i % keys)")
        }
        try await h.queue.enqueue(batch: jobs)
        let worker = try h.startWorker(["FLEET_CONCURRENCY": "32"])
        #expect(try await eventually(timeout: .seconds(60)) { try await h.events().count == 2 * jobs.count }, "\(worker.output.suffix(2000))")
        var perKeyEvents: [String: [(kind: String, seq: Int)]] = [:]
        var maxConcurrent = 0, running = 0
        for line in try await h.events() {
            let parts = line.split(separator: "|").map(String.init)  // start|key|seq|id|time
            perKeyEvents[parts[1], default: []].append((parts[0], Int(parts[2])!))
            running += parts[0] == "start" ? 1 : -1
            maxConcurrent = max(maxConcurrent, running)
        }
        #expect(perKeyEvents.count == keys)
        for (key, events) in perKeyEvents {
            // Strictly start, end, start, end ... with sequence numbers 0, 0, 1, 1, ...
            let expected = (0..<perKey).flatMap { [("start", $0), ("end", $0)] }
            #expect(events.map(\.kind) == expected.map(\.0), "jobs of \(key) overlapped")
            #expect(events.map(\.seq) == expected.map(\.1), "jobs of \(key) ran out of order")
        }
        #expect(maxConcurrent > 1, "different keys should run side by side")
        worker.kill(SIGTERM)
        _ = await worker.wait(timeout: .seconds(10))
    }

    @Test func undecodableElementsAndExpiredJobsDoNotStopTheWorker() async throws {
        let h = try FleetHarness()
        try h.redisServer.command("LPUSH", h.queue.keys.ready, "{\"this is\": \"not an envelope\"")
        _ = try h.redisServer.command([Array("LPUSH".utf8), Array(h.queue.keys.ready.utf8), [0xff, 0x00, 0xfe]])
        var expired = h.jobs(1, kind: "sleep")[0]
        expired.deadline = WallClock.epochMillis() - 1000
        let unknownKind = h.jobs(1, kind: "no-such-kind")[0]
        let good = h.jobs(3, kind: "sleep")
        try await h.queue.enqueue(batch: [expired, unknownKind] + good)
        let worker = try h.startWorker()
        #expect(try await eventually { Set(try await h.done()) == Set(good.map(\.id)) }, "\(worker.output.suffix(2000))")
        #expect(try await eventually { try await h.queue.deadLetterCount() == 3 })
        let letters = try await h.queue.deadLetters()
        #expect(letters.filter { $0.errorClass == "undecodable" }.count == 2)
        #expect(letters.contains { $0.raw == "{\"this is\": \"not an envelope\"" })
        #expect(letters.contains { $0.rawBase64 == "/wD+" })
        #expect(letters.contains { $0.errorClass == "no-handler" && $0.id == unknownKind.id })
        #expect(!(try await h.done()).contains(expired.id), "an expired job must not run")
        #expect(try await h.queue.depths().expired == 1)
        #expect(worker.isRunning)
        worker.kill(SIGTERM)
        _ = await worker.wait(timeout: .seconds(10))
    }
}
