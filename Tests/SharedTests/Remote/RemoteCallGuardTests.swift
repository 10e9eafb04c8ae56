import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Shared

/// The guard every remote call goes through, with a scripted remote side and a real redis-server.
@Suite struct RemoteCallGuardTests {
    let server: RedisServer
    let callGuard: RemoteCallGuard
    let registry = MetricsRegistry()
    let calls = CallCounter()

    init() throws {
        server = try RedisServer()
        var g = RemoteCallGuard(redis: RedisClient(resolver: server.resolver), logger: Logger(process: "test", sink: .memory()),
                                metrics: RemoteMetrics(registry: registry))
        g.breaker.threshold = 2
        g.breaker.cooldown = .seconds(60)
        callGuard = g
    }

    let fast = RateBudget(perSecond: 1000, burst: 100)

    func call(_ tenant: String = "acme", budget: RateBudget? = nil, answer: @escaping @Sendable () throws -> RemoteAnswer) async throws -> RemoteAnswer {
        try await callGuard.perform(tenant: tenant, api: .planfixREST, budget: budget ?? fast, holder: UUID().uuidString,
                                    classify: RemoteOutcome.planfixREST) { [calls] _ in
            calls.increment()
            return try answer()
        }
    }

    func failureKind(_ body: () async throws -> Void) async -> (JobFailure.Kind, String)? {
        do { try await body(); return nil } catch let f as JobFailure { return (f.kind, f.errorClass) } catch { return nil }
    }

    @Test func aCallThatMissedItsSendWindowTakesAnotherSlot() async throws {
        let budget = RateBudget(perSecond: 1)
        let windows = Mutex<[ContinuousClock.Instant?]>([])
        let answer = try await callGuard.perform(tenant: "late", api: .planfixREST, budget: budget, holder: "h",
                                                 classify: RemoteOutcome.planfixREST) { sendBy in
            let first = windows.withLock { w -> Bool in
                w.append(sendBy)
                return w.count == 1
            }
            // The first attempt finds its window closed (a loaded machine); nothing was sent.
            if first { throw RemoteTransportError("not sent", missedSendWindow: true) }
            return RemoteAnswer(status: 200, body: Array(#"{"result":"success"}"#.utf8))
        }
        #expect(answer.status == 200)
        let seen = windows.withLock { $0 }
        #expect(seen.count == 2 && seen.allSatisfy { $0 != nil }, "every call of a spaced (burst 1) budget carries its send window")
        if seen.count == 2, let a = seen[0], let b = seen[1] {
            #expect(b - a >= .milliseconds(900), "the retry waited for the next slot of the 1/s budget, not the same one")
        }
        #expect(await registry.render().contains(#"fleet_remote_send_window_missed_total{api="planfix-rest",tenant="late"} 1"#))
        // A budget with bursts spaces nothing, so its calls have no window to miss.
        let bursty = Mutex<ContinuousClock.Instant??>(nil)
        _ = try await callGuard.perform(tenant: "late", api: .planfixTelephony, budget: RateBudget(perSecond: 20, burst: 20), holder: "p",
                                        classify: RemoteOutcome.planfixREST) { sendBy in
            bursty.withLock { $0 = .some(sendBy) }
            return RemoteAnswer(status: 200, body: Array(#"{"result":"success"}"#.utf8))
        }
        #expect(bursty.withLock { $0 } == .some(nil))
    }

    @Test func successPassesTheAnswerAndReadsTheQuotaHeader() async throws {
        let a = try await call { RemoteAnswer(status: 201, headers: [("X-RateLimit-Remaining", "19876")], body: Array(#"{"result":"success","id":5}"#.utf8)) }
        #expect(a.status == 201)
        #expect(await registry.render().contains(#"fleet_remote_quota_remaining{api="planfix-rest",period="day",tenant="acme"} 19876"#))
    }

    @Test func transientFailuresOpenTheBreakerAndLaterCallsAreDeferredWithoutCalling() async throws {
        for _ in 0..<2 {
            let failure = await failureKind { _ = try await call { throw RemoteTransportError("connection refused") } }
            #expect(failure?.0 == .transient)
        }
        let deferred = await failureKind { _ = try await call { RemoteAnswer(status: 200, body: Array(#"{"result":"success"}"#.utf8)) } }
        #expect(deferred?.0 == .deferred)
        #expect(deferred?.1 == "planfix-rest-breaker-open")
        #expect(calls.value == 2, "an open breaker must not call the API")
        // Other tenants still go through.
        _ = try await call("beta") { RemoteAnswer(status: 200, body: Array(#"{"result":"success"}"#.utf8)) }
    }

    @Test func refusedCredentialsPauseTheTenant() async throws {
        let first = await failureKind { _ = try await call { RemoteAnswer(status: 401, body: Array(#"{"result":"fail","code":1,"error":"Access denied, unknown token"}"#.utf8)) } }
        #expect(first?.0 == .deferred)
        #expect(first?.1 == "planfix-rest-credentials")
        let second = await failureKind { _ = try await call { RemoteAnswer(status: 200, body: []) } }
        #expect(second?.1 == "planfix-rest-paused")
        #expect(calls.value == 1)
        #expect(try await callGuard.pause.current(tenant: "acme", api: .planfixREST)?.reason.contains("invalid token") == true)
    }

    @Test func dailyQuotaFlagDefersEveryoneUntilTheReset() async throws {
        let first = await failureKind { _ = try await call { RemoteAnswer(status: 400, body: Array(#"{"result":"fail","code":22,"error":"limit"}"#.utf8)) } }
        #expect(first?.0 == .deferred)
        let second = await failureKind { _ = try await call { RemoteAnswer(status: 200, body: []) } }
        #expect(second?.1 == "planfix-rest-quota")
        #expect(calls.value == 1)
    }

    @Test func permanentFailuresDeadLetterWithTheReason() async throws {
        do {
            _ = try await call { RemoteAnswer(status: 400, body: Array(#"{"result":"fail","code":41,"error":"Status not find by id 2"}"#.utf8)) }
            Issue.record("should have failed")
        } catch let f as JobFailure {
            #expect(f.kind == .permanent)
            #expect(f.message.contains("Status not find by id 2"))
        }
    }

    @Test func overBudgetCallsAreDeferredToTheirSlot() async throws {
        let slow = RateBudget(perSecond: 0.1, burst: 1)  // 10 s apart: far beyond the inline wait
        _ = try await call(budget: slow) { RemoteAnswer(status: 200, body: Array(#"{"result":"success"}"#.utf8)) }
        let next = await failureKind { _ = try await call(budget: slow) { RemoteAnswer(status: 200, body: []) } }
        #expect(next?.1 == "planfix-rest-budget")
        #expect(calls.value == 1)
    }

    @Test func aCallUnderAnEffectClaimAnotherRunTookOverSendsNothing() async throws {
        let redis = callGuard.redis
        let claim = EffectClaim(key: "test:claim", heartbeat: "")
        try await redis.send(RedisCommand("SET", claim.key, claim.value))
        let ok: @Sendable () -> RemoteAnswer = { RemoteAnswer(status: 200, body: Array(#"{"result":"success"}"#.utf8)) }
        _ = try await EffectClaim.$current.withValue(claim) { try await call(answer: ok) }
        #expect(calls.value == 1)
        #expect(try await redis.send(RedisCommand("PTTL", claim.key)).int ?? 0 > 50_000)  // confirmed and renewed

        try await redis.send(RedisCommand("SET", claim.key, "another run's claim"))
        let lost = await failureKind { _ = try await EffectClaim.$current.withValue(claim) { try await call(answer: ok) } }
        #expect(lost?.0 == .deferred && lost?.1 == "effect-taken-over")
        #expect(calls.value == 1)
    }
}

final class CallCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
