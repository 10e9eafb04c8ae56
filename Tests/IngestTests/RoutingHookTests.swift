import Foundation
import Glibc
import Testing
import Shared
import TestSupport
@testable import IngestCore

/// UIS interactive call processing answered from the phone → manager cache.
@Suite(.serialized) struct RoutingHookTests {
    @Test func aKnownCallerGetsTheManagersPhonesAndAnUnknownOneTheFallback() async throws {
        let h = try await IngestHarness()
        try await h.storeTenant("acme") { $0 = $0.replacingOccurrences(of: "\"returned_code\": 1", with: "\"returned_code\": 7") }
        let cache = PersonalManagerCache(redis: h.redis)
        try await cache.store(tenant: "acme", phone: "+79001234567", entry: .init(phones: ["74959876543"], extensionNumber: "101", at: WallClock.epochMillis()))

        let known = await h.send("GET", h.hookPath("uis/routing") + "?cdr_id=1&numa=89001234567&numb=74951234567&input_result=None")
        #expect(known.status == 200 && h.text(known) == #"{"phones":["74959876543"]}"#)
        let post = await h.send("POST", h.hookPath("uis/routing"), body: "call_session_id=2&numa=79001234567&numb=74951234567")
        #expect(h.text(post) == #"{"phones":["74959876543"]}"#, "form POST")
        let json = await h.send("POST", h.hookPath("uis/routing"), body: #"{"call_session_id":3,"numa":79001234567}"#)
        #expect(h.text(json) == #"{"phones":["74959876543"]}"#, "JSON POST")

        let unknown = await h.send("GET", h.hookPath("uis/routing") + "?call_session_id=4&numa=79005550000")
        #expect(unknown.status == 200 && h.text(unknown) == #"{"returned_code":7}"#)
        // The miss asks the worker to learn that caller, once per interval.
        _ = await h.send("GET", h.hookPath("uis/routing") + "?call_session_id=5&numa=79005550000")
        #expect(try await eventually {
            try await h.jobs(in: h.telephony).filter { $0.kind == FleetJobs.Kind.managerLookup }.count == 1
        })
        let lookup = try #require(try await h.jobs(in: h.telephony).first)
        #expect(try lookup.payload.decode(ManagerLookupJob.self).phone == "+79005550000")

        let garbage = await h.send("GET", h.hookPath("uis/routing") + "?numa=hello")
        #expect(h.text(garbage) == #"{"returned_code":7}"#)
    }

    @Test func staleEntriesAndASwitchedOffOptionAnswerTheFallback() async throws {
        let h = try await IngestHarness()
        let cache = PersonalManagerCache(redis: h.redis)
        let old = WallClock.epochMillis() - 2 * 86_400_000
        try await cache.store(tenant: "acme", phone: "+79001234567", entry: .init(phones: ["74959876543"], extensionNumber: nil, at: old))
        #expect(h.text(await h.send("GET", h.hookPath("uis/routing") + "?numa=79001234567")) == #"{"returned_code":1}"#)

        try await cache.store(tenant: "acme", phone: "+79001234567", entry: .init(phones: ["74959876543"], extensionNumber: nil, at: WallClock.epochMillis()))
        try await h.storeTenant("acme") { $0 = $0.replacingOccurrences(of: "\"personal_manager\": true", with: "\"personal_manager\": false") }
        try await Task.sleep(for: .milliseconds(2100))  // the settings cache refreshes every 2 s
        #expect(h.text(await h.send("GET", h.hookPath("uis/routing") + "?numa=79001234567")) == #"{"returned_code":1}"#)
    }

    @Test func aDeadRedisStillGetsAnAnswerWithinTheBudget() async throws {
        let h = try await IngestHarness(routingBudget: .milliseconds(200))
        #expect(await h.send("GET", h.hookPath("uis/routing") + "?numa=79001234567").status == 200)  // settings now cached
        h.redisServer.signal(SIGSTOP)  // hangs instead of refusing: the worst case
        defer { h.redisServer.signal(SIGCONT) }
        let started = ContinuousClock.now
        let answer = await h.send("GET", h.hookPath("uis/routing") + "?numa=79001234567")
        let elapsed = ContinuousClock.now - started
        #expect(answer.status == 200 && h.text(answer) == #"{"returned_code":1}"#)
        #expect(elapsed < .seconds(5), "the answer does not wait for Redis (\(elapsed))")
        #expect(await h.metrics.render().contains(#"ingest_routing_answers_total{result="timeout"} 1"#))
    }
}
