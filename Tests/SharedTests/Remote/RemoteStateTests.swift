import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Shared

/// Rate budgets, breakers, pauses and the effect store against a real redis-server.
@Suite struct RemoteStateTests {
    let server: RedisServer
    let redis: RedisClient

    init() throws {
        server = try RedisServer()
        redis = RedisClient(resolver: server.resolver)
    }

    @Test func eightProcessesShareOneScheduleAndEachDeferredJobGetsItsOwnSlot() async throws {
        let budget = RateBudget(perSecond: 10, burst: 1)
        let server = self.server
        // Eight independent clients (as eight processes would be), 5 jobs each, all for one tenant.
        let slots = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for process in 0..<8 {
                group.addTask {
                    let limiter = RateLimiter(redis: RedisClient(resolver: server.resolver), maxInlineWait: .milliseconds(150))
                    var granted: [Int64] = []
                    for job in 0..<5 {
                        let holder = "job-\(process)-\(job)"
                        while true {
                            switch try await limiter.permit(tenant: "acme", api: .planfixREST, budget: budget, holder: holder) {
                            case let .proceed(slot): granted.append(slot)
                            case let .deferred(wait): try await Task.sleep(for: limiter.deferral(for: wait)); continue
                            case .dailyCapReached: Issue.record("no daily cap was set")
                            }
                            break
                        }
                    }
                    return granted
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }.sorted()
        #expect(slots.count == 40)
        let gaps = zip(slots.dropFirst(), slots).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 100 }, "two requests were scheduled closer than the budget allows: \(gaps.filter { $0 < 100 })")
        // Another tenant is not slowed down by acme's backlog.
        let other = RateLimiter(redis: redis)
        guard case .proceed = try await other.permit(tenant: "other", api: .planfixREST, budget: budget, holder: "x") else {
            Issue.record("another tenant's first request must go at once"); return
        }
    }

    @Test func burstAllowsBackToBackThenSpaces() async throws {
        let limiter = RateLimiter(redis: redis, maxInlineWait: .milliseconds(300))
        let budget = RateBudget(perSecond: 1, burst: 3)
        var slots: [Int64] = []
        for i in 0..<3 {
            guard case let .proceed(slot) = try await limiter.permit(tenant: "t", api: .uisData, budget: budget, holder: "h\(i)") else {
                Issue.record("a burst of 3 must go at once"); return
            }
            slots.append(slot)
        }
        // The fourth gets the slot one interval after the first: deferred (or slept inline if the first three were
        // slow), and a deferred job that comes back when told is let through.
        var fourth: Int64?
        for _ in 0..<10 where fourth == nil {
            switch try await limiter.permit(tenant: "t", api: .uisData, budget: budget, holder: "h3") {
            case let .proceed(slot): fourth = slot
            case let .deferred(wait): try await Task.sleep(for: limiter.deferral(for: wait))
            case .dailyCapReached: Issue.record("no cap was set")
            }
        }
        let slot = try #require(fourth, "the fourth request never got through")
        #expect(slots.max()! - slots.min()! < 1000, "the burst was spread out: \(slots)")
        #expect(slot - slots[0] >= 1000, "the fourth went before the budget allowed: \(slot - slots[0]) ms")
    }

    /// A Redis restarted from its AOF (`everysec`) may have lost the schedule's last second: no slot is granted
    /// within one interval of the server's start, whatever the schedule says.
    @Test func noSlotWithinAnIntervalOfARestartThatKeptData() async throws {
        let limiter = RateLimiter(redis: redis, maxInlineWait: .seconds(3))
        let budget = RateBudget(perSecond: 1)
        guard case .proceed = try await limiter.permit(tenant: "t", api: .planfixREST, budget: budget, holder: "a") else {
            Issue.record("the first request must go"); return
        }
        try await redis.send(RedisCommand("SET", "other-data", "kept"))
        let beforeRestart = WallClock.epochMillis()
        server.kill()
        try server.start()
        // The stale connection fails once, then the client reconnects after a short backoff.
        #expect(try await eventually { (try? await redis.send(RedisCommand("PING"))) != nil })
        guard case let .proceed(slot) = try await limiter.permit(tenant: "t", api: .planfixREST, budget: budget, holder: "b") else {
            Issue.record("the second request must go within the inline wait"); return
        }
        #expect(redis.serverStartedMillis >= beforeRestart - 1000, "the restart was noticed")
        #expect(slot >= redis.serverStartedMillis + 1000, "a slot within an interval of the restart: \(slot - redis.serverStartedMillis) ms")
    }

    /// A call that goes out late pushes the schedule back by its lateness while nobody holds the next slot;
    /// once somebody does, it has to take a fresh slot.
    @Test func aLateCallPushesTheScheduleBackOrTakesAFreshSlot() async throws {
        let limiter = RateLimiter(redis: redis, maxInlineWait: .seconds(3))
        let budget = RateBudget(perSecond: 1)
        guard case let .proceed(first) = try await limiter.permit(tenant: "late", api: .planfixREST, budget: budget, holder: "a") else {
            Issue.record("the first request must go"); return
        }
        #expect(try await limiter.excuse(lateness: .milliseconds(30), slot: first, tenant: "late", api: .planfixREST, budget: budget))
        guard case let .proceed(second) = try await limiter.permit(tenant: "late", api: .planfixREST, budget: budget, holder: "b") else {
            Issue.record("the second request must go within the inline wait"); return
        }
        #expect(second - first >= 1030, "the next slot keeps its distance from the late call: \(second - first) ms")
        // "c" takes the slot after "b": a late "b" can no longer push the schedule.
        _ = try await limiter.permit(tenant: "late", api: .planfixREST, budget: RateBudget(perSecond: 1), holder: "c")
        #expect(try await !limiter.excuse(lateness: .milliseconds(30), slot: second, tenant: "late", api: .planfixREST, budget: budget))
    }

    @Test func dailyCapStopsUntilTheNextDay() async throws {
        let limiter = RateLimiter(redis: redis)
        let budget = RateBudget(perSecond: 1000, burst: 10, perDay: 3)
        for i in 0..<3 { _ = try await limiter.permit(tenant: "t", api: .planfixREST, budget: budget, holder: "\(i)") }
        guard case let .dailyCapReached(wait) = try await limiter.permit(tenant: "t", api: .planfixREST, budget: budget, holder: "4") else {
            Issue.record("the cap was not enforced"); return
        }
        #expect(wait > .zero && wait <= .seconds(86_400))
    }

    @Test func breakerOpensProbesAndCloses() async throws {
        var breaker = CircuitBreaker(redis: redis)
        breaker.threshold = 3
        // Long enough that a loaded machine's stall between two steps cannot pass for the cooldown.
        breaker.cooldown = .milliseconds(1500)
        for _ in 0..<2 { try await breaker.record(tenant: "t", api: .planfixREST, success: false) }
        #expect(try await breaker.gate(tenant: "t", api: .planfixREST) == .closed)
        #expect(try await breaker.record(tenant: "t", api: .planfixREST, success: false) == "open")
        guard case .open = try await breaker.gate(tenant: "t", api: .planfixREST) else { Issue.record("should be open"); return }
        #expect(try await breaker.gate(tenant: "other", api: .planfixREST) == .closed, "another tenant is not affected")
        #expect(try await breaker.gate(tenant: "t", api: .uisData) == .closed, "another API is not affected")
        try await Task.sleep(for: .milliseconds(1550))
        #expect(try await breaker.gate(tenant: "t", api: .planfixREST) == .probe)
        guard case .open = try await breaker.gate(tenant: "t", api: .planfixREST) else { Issue.record("one probe at a time"); return }
        // The probe fails: open again, cooldown doubled.
        #expect(try await breaker.record(tenant: "t", api: .planfixREST, success: false) == "open")
        guard case let .open(wait) = try await breaker.gate(tenant: "t", api: .planfixREST) else { Issue.record("reopened"); return }
        #expect(wait > .milliseconds(1500))
        try await Task.sleep(for: wait + .milliseconds(50))
        #expect(try await breaker.gate(tenant: "t", api: .planfixREST) == .probe)
        #expect(try await breaker.record(tenant: "t", api: .planfixREST, success: true) == "closed")
        #expect(try await breaker.gate(tenant: "t", api: .planfixREST) == .closed)
        #expect(try await breaker.state(tenant: "t", api: .planfixREST) == "closed")
    }

    @Test func effectStoreMakesAnEffectOnceEvenAcrossACrash() async throws {
        let store = EffectStore(redis: redis)
        let created = CreationCounter()
        let first = try await store.once(tenant: "t", key: "call-1:task", find: { nil }, create: { await created.next() })
        #expect(first.created && first.id == "task-1")
        let replay = try await store.once(tenant: "t", key: "call-1:task", find: { nil }, create: { await created.next() })
        #expect(!replay.created && replay.id == "task-1")
        // A crash after Planfix created task-2 but before it was recorded: the marker search finds it.
        _ = await created.next()
        let afterCrash = try await store.once(tenant: "t", key: "call-2:task", find: { "task-2" }, create: { await created.next() })
        #expect(!afterCrash.created && afterCrash.id == "task-2")
        #expect(await created.count == 2)
        #expect(try await store.recorded(tenant: "other", key: "call-1:task") == nil)
    }

    @Test func theMarkerSearchRunsOnlyWhenAnEarlierTryReachedItsCreateCall() async throws {
        let store = EffectStore(redis: redis)
        let created = CreationCounter()
        let searches = Mutex<[EffectHistory]>([])
        let now = WallClock.epochMillis() - 10_000  // a job older than the loss window
        let redis = self.redis
        let find: (EffectHistory) async throws -> String? = { history in searches.withLock { $0.append(history) }; return nil }
        // What `RemoteCallGuard` does right before a call under a claim is sent.
        let send: () async throws -> Void = {
            let confirmed = try await EffectClaim.current?.confirm(redis: redis)
            #expect(confirmed == true)
        }

        // A first try searches nothing.
        let first = try await store.once(tenant: "t", key: "a", since: now, note: "contact:7", find: find, create: { try await send(); return await created.next() })
        #expect(first.created && searches.withLock { $0 }.isEmpty)

        // A create call that was sent and failed in a way that may have created (no answer, a 5xx) leaves its intent:
        // the next try searches, narrowed by what the first kept.
        await #expect(throws: JobFailure.self) {
            try await store.once(tenant: "t", key: "b", since: now, note: "contact:7", find: find, create: { try await send(); throw JobFailure.transient("503") })
        }
        let retried = try await store.once(tenant: "t", key: "b", since: now, note: "contact:7", find: find, create: { try await send(); return await created.next() })
        #expect(retried.created && searches.withLock { $0 } == [.attempted(note: "contact:7")])
        #expect(try await redis.send(RedisCommand("EXISTS", TenantKeys(tenant: "t").effectIntent("b"))).int == 0)

        // Failing before anything was sent (a worker killed while waiting for its slot, a transient contact search)
        // leaves no intent either.
        await #expect(throws: JobFailure.self) {
            try await store.once(tenant: "t", key: "c", since: now, find: find, create: { throw JobFailure.transient("killed") })
        }
        // Deferred (nothing sent) or refused (nothing made) after it was sent: "nothing made", so the next try does
        // not search, not even one first seen before the Redis server started.
        for failure in [JobFailure.deferred("budget", by: .seconds(1)), .permanent("400")] {
            await #expect(throws: JobFailure.self) {
                try await store.once(tenant: "t", key: "c", since: now, find: find, create: { try await send(); throw failure })
            }
        }
        _ = try await store.once(tenant: "t", key: "c", since: redis.serverStartedMillis - 60_000, find: find, create: { await created.next() })
        #expect(searches.withLock { $0 }.count == 1)

        // A search that is itself deferred (the budget) keeps the earlier try's intent for the next run.
        await #expect(throws: JobFailure.self) {
            try await store.once(tenant: "t", key: "f", since: now, note: "contact:8", find: find, create: { try await send(); throw JobFailure.transient("timeout") })
        }
        await #expect(throws: JobFailure.self) {
            try await store.once(tenant: "t", key: "f", since: now, find: { _ in throw JobFailure.deferred("budget", by: .seconds(1)) },
                                 create: { await created.next() })
        }
        #expect(try await redis.send(RedisCommand("GET", TenantKeys(tenant: "t").effectIntent("f"))).string == "contact:8")

        // An effect first seen before the Redis server started may have lost its intent with the AOF's last second.
        _ = try await store.once(tenant: "t", key: "d", since: redis.serverStartedMillis - 60_000, find: find, create: { await created.next() })
        #expect(searches.withLock { $0 }.last == .unknown)
        #expect(await created.count == 4)
    }

    @Test func twoLiveRunsOfOneEffectNeverBothCreateAndADeadRunsClaimIsTakenOver() async throws {
        let store = EffectStore(redis: redis)
        let created = CreationCounter()
        let searches = Mutex<[EffectHistory]>([])  // shared with run A's task
        let now = WallClock.epochMillis() - 10_000  // a job older than the loss window
        let find: @Sendable (EffectHistory) async throws -> String? = { history in searches.withLock { $0.append(history) }; return nil }
        try await redis.send(RedisCommand("SET", "hb:a", "1"))
        try await redis.send(RedisCommand("SET", "hb:b", "1"))

        // Run A (consumer "hb:a") waits for its create call's slot when a re-delivered copy B (consumer "hb:b") starts.
        let inside = AsyncStream<Void>.makeStream(), proceed = AsyncStream<Void>.makeStream()
        let redis = self.redis
        let runA = Task { @Sendable in
            try await store.once(tenant: "t", key: "e", since: now, heartbeat: "hb:a", note: "contact:7", find: find, create: {
                inside.continuation.yield()
                for await _ in proceed.stream { break }
                // A's call confirms the claim right before it is sent (`RemoteCallGuard`).
                guard try await EffectClaim.current?.confirm(redis: redis) == true else { throw JobFailure.deferred("taken over", by: .seconds(1)) }
                return await created.next()
            })
        }
        for await _ in inside.stream { break }
        // While A is alive, B is deferred.
        let busy = await #expect(throws: JobFailure.self) {
            try await store.once(tenant: "t", key: "e", since: now, heartbeat: "hb:b", find: find, create: { await created.next() })
        }
        #expect(busy?.kind == .deferred && busy?.errorClass == "effect-busy")

        // A's consumer is taken for dead (its heartbeat expired): B takes the effect over and creates it (A sent
        // nothing, so there is no intent to search for); A's call then finds its claim gone and is not sent.
        try await redis.send(RedisCommand("DEL", "hb:a"))
        let b = try await store.once(tenant: "t", key: "e", since: now, heartbeat: "hb:b", find: find, create: { await created.next() })
        #expect(b.created && searches.withLock { $0 }.isEmpty)
        proceed.continuation.yield()
        let a = await runA.result
        #expect((try? a.get()) == nil)
        #expect(await created.count == 1)
        #expect(try await store.recorded(tenant: "t", key: "e") == b.id)
        #expect(try await redis.send(RedisCommand("EXISTS", TenantKeys(tenant: "t").effectClaim("e"))).int == 0)
        #expect(try await redis.send(RedisCommand("EXISTS", TenantKeys(tenant: "t").effectIntent("e"))).int == 0)
    }

    @Test func aFreshJobCreatesOnlyOnceItIsPastTheLossWindow() async throws {
        // A job a Redis restart lost was younger than the loss window: it must not have created anything.
        let seen = WallClock.epochMillis()
        let createdAt = try await EffectStore(redis: redis).once(tenant: "t", key: "fresh", since: seen, find: { _ in nil },
                                                                 create: { String(WallClock.epochMillis()) }).id
        #expect(Int64(createdAt)! >= seen + EffectStore.lossWindow.milliseconds)
    }

    @Test func aNarrowedMarkerSearchListsOnlyTheCounterpartysTasks() {
        let narrowed = PlanfixClient.markerSearchRequest("[uis:call:1]", scope: .after(.attempted(note: "contact:7"), templateOrObject: 3))
        #expect(narrowed.filters?.map(\.type) == [51, 12, 7])
        let full = PlanfixClient.markerSearchRequest("[uis:call:1]", scope: .after(.unknown, templateOrObject: 3))
        #expect(full.filters?.map(\.type) == [51, 12])
        // A lost intent: the counterparty this try found again (the client's contact by phone).
        let again = PlanfixClient.markerSearchRequest("[uis:call:1]", scope: .after(.unknown, templateOrObject: 3, counterparty: .contact(9)))
        #expect(again.filters?.last == .taskCounterparty(.contact(9)))
        #expect(PlanfixClient.markerSearchRequest("[uis:call:1]", scope: .after(.attempted(note: ""), templateOrObject: 3)).filters?.count == 2)
    }

    @Test func pausesExpireAndCanBeLifted() async throws {
        let pause = TenantPause(redis: redis)
        try await pause.pause(tenant: "t", api: .uisCall, reason: "access_token_invalid", for: .seconds(60))
        let current = try #require(try await pause.current(tenant: "t", api: .uisCall))
        #expect(current.reason == "access_token_invalid")
        #expect(current.remaining > .seconds(50))
        #expect(try await pause.current(tenant: "t", api: .uisData) == nil)
        try await pause.resume(tenant: "t", api: .uisCall)
        #expect(try await pause.current(tenant: "t", api: .uisCall) == nil)
    }
}

actor CreationCounter {
    private(set) var count = 0
    func next() -> String {
        count += 1
        return "task-\(count)"
    }
}
