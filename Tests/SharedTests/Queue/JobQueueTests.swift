import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Shared

/// Queue transitions against a real redis-server, driven by hand (no worker process).
@Suite struct JobQueueTests {
    let server: RedisServer
    let redis: RedisClient
    let queue: JobQueue
    let connection: RedisConnection

    init() throws {
        server = try RedisServer()
        redis = RedisClient(resolver: server.resolver)
        queue = try JobQueue(name: "q", redis: redis)
        connection = RedisConnection(resolver: server.resolver, commandTimeout: .seconds(5))
    }

    func job(_ n: Int, key: String? = nil, deadline: Int64? = nil) -> JobEnvelope {
        JobEnvelope(kind: "k", tenant: "t", payload: .object(["n": .number(Double(n))]), deadline: deadline, orderingKey: key)
    }

    func fetchAll(_ consumer: String = "c1", max: Int = 100) async throws -> [HeldElement] {
        var held: [HeldElement] = []
        for raw in try queue.fetchBatch(connection: connection, consumer: consumer, max: max) {
            if case let .success(h) = try await queue.resolve(raw) { held.append(h) }
        }
        return held
    }

    @Test func fetchIsFIFOAndAckRemovesFromProcessing() async throws {
        try await queue.enqueue(batch: (0..<5).map { job($0) })
        let held = try await fetchAll(max: 3)
        #expect(held.map { $0.job.payload } == (0..<3).map { .object(["n": .number(Double($0))]) })
        #expect(try server.command("LLEN", queue.keys.processing("c1")).int == 3)
        for h in held { try await queue.ack(h, consumer: "c1") }
        #expect(try server.command("LLEN", queue.keys.processing("c1")).int == 0)
        #expect(try server.command("LLEN", queue.keys.ready).int == 2)
        #expect(try await JobQueue.allNames(redis: redis) == ["q"])
    }

    @Test func blockingFetchWaitsForWork() async throws {
        let empty = try queue.blockingFetch(connection: connection, consumer: "c1")
        #expect(empty == nil)
        try await queue.enqueue(job(1))
        let raw = try queue.blockingFetch(connection: connection, consumer: "c1")
        #expect(raw != nil)
    }

    @Test func retryGoesThroughDelayedAndThePromoter() async throws {
        try await queue.enqueue(job(1))
        let h = try #require(try await fetchAll().first)
        var updated = h.job
        updated.attempts = 1
        let due = WallClock.epochMillis() + 60_000
        #expect(try await queue.schedule(h, updated: updated, dueMillis: due, consumer: "c1"))
        #expect(try server.command("ZCARD", queue.keys.delayed).int == 1)
        #expect(try await queue.promoteDue() == 0)  // not due yet
        #expect(try await queue.promoteDue(now: due) == 1)
        let again = try #require(try await fetchAll().first)
        #expect(again.job.attempts == 1)
        // A transition for an element no longer held does nothing.
        #expect(try await !queue.schedule(h, updated: updated, dueMillis: due, consumer: "c1"))
    }

    @Test func deadLettersKeepTheHistoryAndCanBeRetriedOrPurged() async throws {
        try await queue.enqueue(batch: [job(1), job(2)])
        for h in try await fetchAll() {
            let letter = DeadLetter(job: h.job, queue: "q", errorClass: "permanent", reason: "bad \(h.job.id)")
            #expect(try await queue.finish(element: h.element, consumer: "c1", orderingKey: nil, stat: nil, deadLetter: letter))
        }
        let letters = try await queue.deadLetters()
        #expect(letters.count == 2)
        #expect(letters[0].job?.errors.last?.message.hasPrefix("bad ") == true)
        #expect(try await queue.retryDeadLetter(letters[0]))
        #expect(try await !queue.retryDeadLetter(letters[0]))  // already gone
        let back = try #require(try await fetchAll().first)
        #expect(back.job.id == letters[0].id)
        #expect(back.job.errors.count == 1)  // history kept
        #expect(try await queue.purgeDeadLetters(ids: [letters[1].id]) == 1)
        #expect(try await queue.deadLetterCount() == 0)
        await #expect(throws: QueueError.self) { try await queue.deadLetter(id: letters[1].id) }
    }

    @Test func orderedJobsRunOneAtATimeInOrder() async throws {
        try await queue.enqueue(batch: [job(1, key: "call-A"), job(2, key: "call-A"), job(3, key: "call-B"), job(4, key: "call-A")])
        // Only one element per key is fetchable at a time.
        var first = try await fetchAll()
        #expect(first.map(\.job.payload) == [.object(["n": 1]), .object(["n": 3])])
        #expect(try await fetchAll().isEmpty)
        #expect(try await queue.depths().orderedPending == 4)
        // Finishing A's head lets A's next job go, in order.
        let a = first.removeFirst()
        try await queue.ack(a, consumer: "c1")
        let next = try #require(try await fetchAll().first)
        #expect(next.job.payload == .object(["n": 2]))
        // A retry keeps its place at the head: job 4 does not overtake job 2.
        var updated = next.job
        updated.attempts = 1
        try await queue.schedule(next, updated: updated, dueMillis: 0, consumer: "c1")
        #expect(try await fetchAll().isEmpty)
        try await queue.promoteDue()
        let retried = try #require(try await fetchAll().first)
        #expect(retried.job.payload == .object(["n": 2]))
        #expect(retried.job.attempts == 1)
        try await queue.ack(retried, consumer: "c1")
        let last = try #require(try await fetchAll().first)
        #expect(last.job.payload == .object(["n": 4]))
    }

    @Test func uniqueEnqueuesQueuedTogetherAreStoredOnceEachAndInOrder() async throws {
        #expect(try await queue.enqueue(job(0), deduplicationKey: "warm", ttl: .seconds(60)))  // registers the queue
        // 60 events queued back to back without awaiting (as the ingest's event loop does): 3 calls × 10 events each,
        // every event delivered twice, the second delivery right behind the first (often in the same script call).
        let results = Mutex<[Int: [Bool]]>([:])
        let done = AsyncStream<Void>.makeStream()
        let total = 60
        for n in 1...total / 2 {
            for _ in 0..<2 {
                let accepted = try queue.enqueueNow(job(n, key: "call-\(n % 3)"), payloadJSON: nil, deduplicationKey: "event-\(n)",
                                                    ttl: .seconds(60)) { result in
                    let count = results.withLock { r -> Int in
                        r[n, default: []].append((try? result.get()) ?? false)
                        return r.values.reduce(0) { $0 + $1.count }
                    }
                    if count == total { done.continuation.finish() }
                }
                #expect(accepted)
            }
        }
        for await _ in done.stream {}
        #expect(results.withLock { $0.values.allSatisfy { $0 == [true, false] } }, "the first delivery is stored, the second a duplicate")
        #expect(try await queue.depths().orderedPending == total / 2)
        // One token per ordering key in `ready` (plus the warm-up job), each key's events in the order they came.
        #expect(try server.command("LLEN", queue.keys.ready).int == 1 + 3)
        for key in 0..<3 {
            let stored = try server.command("LRANGE", queue.keys.ordered("call-\(key)"), "0", "-1").array ?? []
            let numbers = try stored.map { try JobEnvelope.decode($0.bytes ?? []).payload }
            #expect(numbers == (1...total / 2).filter { $0 % 3 == key }.map { .object(["n": .number(Double($0))]) })
        }
    }

    @Test func reaperReturnsJobsOfDeadConsumersAndCatchesPoison() async throws {
        try await queue.enqueue(batch: [job(1), job(2, key: "k")])
        _ = try await fetchAll("dead-one")
        try await queue.heartbeat(consumer: "dead-one", ttl: .seconds(2), info: "test")
        var r = try await queue.reapDeadConsumers(except: "me", maxDeliveries: 2)
        #expect(r.deadConsumers == 0)  // still alive
        try await Task.sleep(for: .milliseconds(2200))
        r = try await queue.reapDeadConsumers(except: "me", maxDeliveries: 2)
        #expect(r == .init(deadConsumers: 1, requeued: 2, poisoned: 0, unreadable: 0))
        #expect(try server.command("SISMEMBER", queue.keys.consumers, "dead-one").int == 0)
        // Second death: both exceed maxDeliveries = 2 and become poison dead letters.
        let again = try await fetchAll("dead-two")
        #expect(again.count == 2)
        #expect(again.allSatisfy { $0.job.deliveries == 1 })
        try server.command("SADD", queue.keys.consumers, "dead-two")
        r = try await queue.reapDeadConsumers(except: "me", maxDeliveries: 2)
        #expect(r.poisoned == 2)
        let letters = try await queue.deadLetters()
        #expect(letters.map(\.errorClass) == ["poison", "poison"])
        #expect(letters.allSatisfy { $0.job?.errors.filter { $0.class == "crashed" }.count == 2 })
        #expect(try await queue.depths().orderedPending == 0)
    }

    @Test func concurrentReapersMoveEachJobOnce() async throws {
        try await queue.enqueue(batch: (0..<50).map { job($0) })
        _ = try await fetchAll("gone")
        try server.command("SADD", queue.keys.consumers, "gone")
        let queue = self.queue
        let results = try await withThrowingTaskGroup(of: JobQueue.ReapResult.self) { group in
            for _ in 0..<4 { group.addTask { try await queue.reapDeadConsumers(except: "me", maxDeliveries: 5) } }
            return try await group.reduce(into: [JobQueue.ReapResult]()) { $0.append($1) }
        }
        #expect(results.reduce(0) { $0 + $1.requeued } == 50)
        #expect(try server.command("LLEN", queue.keys.ready).int == 50)
    }

    @Test func unreadableElementsBecomeDeadLettersWithTheirBytes() async throws {
        try server.command("LPUSH", queue.keys.ready, "not json at all")
        let raw = try #require(try queue.fetchBatch(connection: connection, consumer: "c1", max: 10).first)
        guard case let .failure(error) = try await queue.resolve(raw) else { Issue.record("garbage resolved"); return }
        #expect(try await queue.disposeUnreadable(element: raw, consumer: "c1", reason: error.message))
        let letter = try #require(try await queue.deadLetters().first)
        #expect(letter.errorClass == "undecodable")
        #expect(letter.raw == "not json at all")
        #expect(try await queue.depths().undecodable == 1)
    }

    @Test func depthsReportEveryState() async throws {
        try await queue.enqueue(batch: [job(1), job(2), job(3, key: "x")])
        _ = try await fetchAll(max: 1)
        try await queue.heartbeat(consumer: "c1", ttl: .seconds(10), info: "t")
        let d = try await queue.depths()
        #expect(d.ready == 2)
        #expect(d.processing == 1)
        #expect(d.orderedPending == 1)
        #expect(d.consumers == 1)
        #expect(d.oldestAgeSeconds >= 0)
    }
}
