import Foundation
import Testing
import SandboxCore

@Suite("Faults, ledger, stats, reset") struct FaultAndAdminTests {
    func ping(_ f: SandboxFixture, timeout: Double = 5) async throws -> SandboxHTTPResponse {
        try await SandboxHTTPClient.form(port: f.port, "/planfix/fast/tel/api", [("cmd", "ping"), ("planfix_token", "fast-tel")], timeout: timeout)
    }

    @Test func errorShareAndClear() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let set = try await f.admin("POST", "/faults", ["tenant": "fast", "api": "planfix-tel", "errorRate": 0.5, "errorStatus": 503])
        #expect(set.status == 200)
        var failures = 0
        for _ in 0..<100 where try await ping(f).status == 503 { failures += 1 }
        #expect((25...75).contains(failures))
        let cleared = try await f.admin("DELETE", "/faults?tenant=fast")
        #expect(cleared.status == 200)
        for _ in 0..<10 { #expect(try await ping(f).status == 200) }
        let stats = try await f.admin("GET", "/stats?tenant=fast")
        #expect(stats.json["tenants"]?["fast"]?["statuses"]?["planfix-tel 503"]?.intValue == Int64(failures))
        let bad = try await f.admin("POST", "/faults", ["tenant": "fast", "errorRate": 2])
        #expect(bad.status == 400)
    }

    @Test func rateLimitWithRetryAfter() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        _ = try await f.admin("POST", "/faults", ["tenant": "fast", "api": "planfix-rest", "rateLimitRate": 1.0, "retryAfterSeconds": 2])
        let r = try await f.rest("GET", "/ping")
        #expect(r.status == 429)
        #expect(r.headers["retry-after"] == "2")
        let other = try await f.rpc("get.employees", [:])
        #expect(other.json["result"] != nil)
    }

    @Test func hangLatencyAndDrop() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        _ = try await f.admin("POST", "/faults", ["tenant": "fast", "api": "planfix-tel", "hangRate": 1.0])
        await #expect(throws: SandboxClientError.self) { try await ping(f, timeout: 0.3) }
        _ = try await f.admin("POST", "/faults", ["tenant": "fast", "api": "planfix-tel", "latencyMs": ["min": 200, "max": 250]])
        let start = Date()
        let slow = try await ping(f)
        #expect(slow.status == 200)
        #expect(Date().timeIntervalSince(start) >= 0.2)
        _ = try await f.admin("POST", "/faults", ["tenant": "fast", "api": "uis-data", "dropRate": 1.0])
        let dropped = try await f.rpc("get.employees", [:])
        #expect(dropped.status == SandboxAssumptions.dropStatus)
        #expect(dropped.body.isEmpty)
        #expect(dropped.headers["connection"] == "close")
    }

    @Test func ledgerStateAndReset() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let t0 = Ledger.nowMs()
        let c = try await f.rest("POST", "/contact/", ["name": "Временный", "phones": [["number": "+79990001122", "type": 1]]])
        let id = try #require(c.json["id"]?.intValue)
        _ = try await f.rpc("get.employees", [:])
        let ledger = try await SandboxHTTPClient.send(port: f.port, "GET", "/_admin/ledger?tenant=fast&since=\(t0)")
        let lines = ledger.text.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(lines.contains { $0?["op"] == "POST /contact" && $0?["status"] == 201 && $0?["code"] == "success" })
        #expect(lines.contains { $0?["op"] == "contact.created" && $0?["details"]?["id"]?.intValue == id })
        #expect(lines.contains { $0?["api"] == "uis-data" && $0?["op"] == "get.employees" })
        let onlyUIS = try await SandboxHTTPClient.send(port: f.port, "GET", "/_admin/ledger?tenant=fast&api=uis-data")
        #expect(onlyUIS.text.split(separator: "\n").allSatisfy { $0.contains("\"uis-data\"") })
        let reset = try await f.admin("POST", "/reset?tenant=fast")
        #expect(reset.status == 200)
        let gone = try await f.rest("GET", "/contact/\(id)")
        #expect(gone.status == 404)
        let seed = try await f.rest("GET", "/contact/500?fields=name")
        #expect(seed.json["contact"]?["name"] == "Анна")
        let unknownTenant = try await f.admin("GET", "/state?tenant=nobody")
        #expect(unknownTenant.status == 404)
        let health = try await SandboxHTTPClient.send(port: f.port, "GET", "/healthz")
        #expect(health.status == 200)
    }
}
