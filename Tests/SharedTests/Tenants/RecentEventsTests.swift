import Foundation
import Testing
import TestSupport
@testable import Shared

@Suite struct RecentEventsTests {
    @Test func keepsTheNewestWithinCapacityAndFiltersBySinceAndFlow() async throws {
        let server = try RedisServer()
        let redis = RedisClient(resolver: server.resolver)
        let events = RecentEvents(redis: redis)
        let now = WallClock.epochMillis()
        try await events.record(tenant: "acme", event: RuleEvent(flow: .lead, parameters: ["site": "old.example"]), at: now - 3 * 3_600_000)
        try await events.record(tenant: "acme", event: RuleEvent(flow: .incomingCall, parameters: ["caller_number": "+79001234567"]), at: now - 60_000)
        try await events.record(tenant: "acme", event: RuleEvent(flow: .chat, parameters: ["site": "new.example"]), isLost: false, at: now)
        try server.command("LPUSH", TenantKeys(tenant: "acme").recentEvents, "not json")  // a bad entry is skipped
        let all = try await events.list(tenant: "acme")
        #expect(all.map(\.flow) == [.chat, .incomingCall, .lead])
        #expect(try await events.list(tenant: "acme", since: .seconds(3600)).count == 2)
        #expect(try await events.list(tenant: "acme", flow: .incomingCall).first?.parameters["caller_number"] == "+79001234567")
        #expect(try await events.list(tenant: "other").isEmpty)
        let ttl = try server.command("PTTL", TenantKeys(tenant: "acme").recentEvents).int ?? 0
        #expect(ttl > 0 && ttl <= RecentEvents.retention.milliseconds)
    }

    @Test func theListIsCapped() async throws {
        let server = try RedisServer()
        let events = RecentEvents(redis: RedisClient(resolver: server.resolver))
        for i in 0..<(RecentEvents.capacity + 20) where i % 1000 == 0 || i >= RecentEvents.capacity {
            try await events.record(tenant: "t", event: RuleEvent(flow: .lead, parameters: ["n": "\(i)"]))
        }
        // Fill the rest in one go to keep the test fast.
        var fill = RedisCommand(["LPUSH", TenantKeys(tenant: "t").recentEvents])
        for _ in 0..<RecentEvents.capacity { fill.append(Array(#"{"at":1,"flow":"lead","isLost":false,"parameters":{}}"#.utf8)) }
        _ = try server.command(fill.arguments)
        try await events.record(tenant: "t", event: RuleEvent(flow: .lead, parameters: ["n": "last"]))
        #expect(try server.command("LLEN", TenantKeys(tenant: "t").recentEvents).int == RecentEvents.capacity)
        #expect(try await events.list(tenant: "t", limit: 1).first?.parameters["n"] == "last")
    }
}
