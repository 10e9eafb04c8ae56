import Testing
import SandboxCore

@Suite("Planfix limits") struct PlanfixLimitTests {
    @Test func perSecondLimitAndStats() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let first = try await f.rest("GET", "/ping", account: "acme", token: "pf-token")
        let second = try await f.rest("GET", "/ping", account: "acme", token: "pf-token")
        let third = try await f.rest("GET", "/ping", account: "acme", token: "pf-token")
        #expect(first.status == 200)
        #expect(second.status == SandboxAssumptions.planfixPerSecondStatus)
        #expect(second.json["result"] == "fail")
        #expect(second.json["code"]?.intValue == Int64(SandboxAssumptions.planfixPerSecondCode))
        #expect(third.status == SandboxAssumptions.planfixPerSecondStatus)
        try await Task.sleep(for: .milliseconds(1050))
        let later = try await f.rest("GET", "/ping", account: "acme", token: "pf-token")
        #expect(later.status == 200)
        #expect(later.headers["x-ratelimit-remaining"] == "19998")
        let stats = try await f.admin("GET", "/stats?tenant=acme")
        #expect(stats.json["tenants"]?["acme"]?["planfixMaxRequestsPerSecond"] == 3)
        #expect(stats.json["tenants"]?["acme"]?["requests"]?["planfix-rest"] == 4)
    }

    @Test func dailyLimitAnswersCode22() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        for _ in 0..<2 {
            let r = try await f.rest("GET", "/ping", account: "tiny", token: "tiny-token")
            #expect(r.status == 200)
        }
        let over = try await f.rest("GET", "/ping", account: "tiny", token: "tiny-token")
        #expect(over.status == SandboxAssumptions.planfixDailyLimitStatus)
        #expect(over.json["code"] == 22)
        #expect(over.headers["x-ratelimit-remaining"] == "0")
    }
}
