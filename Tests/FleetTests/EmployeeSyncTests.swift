import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// The employee-sync worker as a process against the sandbox (Planfix at 1 request/s) and a private redis-server:
/// a full sync of 1,000 employees, a worker killed half-way, a selected sync, refused credentials.
@Suite(.serialized) struct EmployeeSyncTests {
    /// `count` employees on both sides, matched by e-mail; the last UIS employee only by its extension (filter 9004),
    /// and one Planfix user is inactive.
    static func tenants(count: Int, token: String = "pf-acme-secret-token") -> String {
        var users: [String] = [], uis: [String] = []
        for i in 1...count {
            let email = i == count ? "null" : "\"e\(i)@firm.ru\""
            users.append(#"{"id":\#(i),"name":"Имя\#(i)","lastname":"Фамилия\#(i)","email":\#(email),"extension":"\#(1000 + i)","active":true}"#)
            uis.append(#"{"id":\#(5000 + i),"fullName":"Сотрудник \#(i)","email":\#(i == count ? "null" : "\"E\(i)@firm.ru\""),"extension":"\#(1000 + i)","phones":[],"statusId":1}"#)
        }
        users.append(#"{"id":\#(count + 1),"name":"Уволен","lastname":"Давно","email":"gone@firm.ru","active":false}"#)
        return #"{"tenants":[{"id":"acme","planfix":{"account":"acme","token":"\#(token)","telephonyToken":"tel","requestsPerSecond":1},"#
            + #""uis":{"accessToken":"uis-acme-token"},"users":[\#(users.joined(separator: ","))],"uisEmployees":[\#(uis.joined(separator: ","))]}]}"#
    }

    final class Setup: @unchecked Sendable {
        let sandbox: SandboxProcess
        let redisServer: RedisServer
        let redis: RedisClient
        var workers: [FleetProcess] = []

        init(count: Int, planfixToken: String = "pf-acme-secret-token", uisToken: String = "uis-acme-token") async throws {
            sandbox = try await SandboxProcess(tenants: EmployeeSyncTests.tenants(count: count))
            redisServer = try RedisServer()
            redis = RedisClient(resolver: redisServer.resolver, name: "employee-sync-test")
            var settings = try TenantSettings.parse(Data(contentsOf: Executables.packageRoot.appendingPathComponent("settings/tenant.example.json"))).get()
            settings.connection.planfixRestURL = "\(sandbox.url)/planfix/acme/rest/"
            settings.connection.planfixRestToken = planfixToken
            settings.connection.uisDataAPIURL = "\(sandbox.url)/uis/dataapi/v2.0"
            settings.connection.uisDataAPIToken = uisToken
            _ = try await TenantOperations(redis: redis).importDocument(tenant: "acme", bytes: Array(try JSONEncoder().encode(settings.json)))
        }

        deinit { for w in workers where w.isRunning { w.kill(SIGKILL) } }

        @discardableResult
        func startWorker() throws -> FleetProcess {
            let w = try FleetProcess("employee-sync", environment: ["REDIS_URL": redisServer.url, "FLEET_HEARTBEAT_TTL_MS": "1000",
                                                                    "FLEET_PROMOTE_INTERVAL_MS": "50", "FLEET_LOG_LEVEL": "info"])
            workers.append(w)
            return w
        }

        func fleetctl(_ arguments: String...) async throws -> (Int32, String) {
            try await FleetProcess.run("fleetctl", arguments, environment: ["REDIS_URL": redisServer.url])
        }

        var directory: EmployeeDirectory { EmployeeDirectory(redis: redis) }

        func finished(timeout: Duration = .seconds(90)) async throws -> EmployeeSyncStatus? {
            _ = try await eventually(timeout: timeout, every: .milliseconds(200)) {
                let state = try await self.directory.status(tenant: "acme")?.state
                return state == .succeeded || state == .failed
            }
            return try await directory.status(tenant: "acme")
        }

        func planfixStats() async throws -> (requests: Int, maxPerSecond: Int) {
            let stats = try await sandbox.stats(tenant: "acme")
            let acme = ((stats["tenants"] as? [String: Any])?["acme"] as? [String: Any]) ?? [:]
            let requests = (acme["requests"] as? [String: Any])?["planfix-rest"] as? Int ?? 0
            return (requests, acme["planfixMaxRequestsPerSecond"] as? Int ?? -1)
        }
    }

    @Test func aFullSyncOfAThousandEmployeesKeepsToOneRequestASecond() async throws {
        let s = try await Setup(count: 1000)
        try s.startWorker()
        let (code, out) = try await s.fleetctl("employees", "sync", "--tenant", "acme", "--all")
        #expect(code == 0 && out.contains("queued"), "\(out)")
        let status = try #require(try await s.finished())
        #expect(status.state == .succeeded, "\(status.error ?? "")")
        let snapshot = try #require(try await s.directory.snapshot(tenant: "acme"))
        #expect(snapshot.mappings.count == 1000)
        #expect(snapshot.byPlanfixUser(7)?.uisEmployeeId == 5007 && snapshot.byPlanfixUser(7)?.matchedBy == .email)
        #expect(snapshot.byExtension("2000")?.planfixUserId == 1000, "found through filter 9004")
        #expect(status.unmatched.contains { $0.id == 1001 && $0.side == .planfix } == false, "an inactive user is not even listed by Planfix")
        let (requests, maxPerSecond) = try await s.planfixStats()
        #expect(maxPerSecond <= 1, "the tenant's 1 request/s")
        #expect(requests <= 12, "11 pages and one extension lookup, nothing more (\(requests))")

        let (_, shown) = try await s.fleetctl("employees", "show", "--tenant", "acme")
        #expect(shown.contains("succeeded") && shown.contains("1000 employees"), "\(shown)")
    }

    @Test func aPlanfixOutageKeepsTheSyncRunningWithItsErrorShownUntilItFinishes() async throws {
        let s = try await Setup(count: 50)
        try await s.sandbox.admin("POST", "/_admin/faults", json: #"{"tenant":"acme","api":"planfix-rest","errorRate":1.0,"errorStatus":503}"#)
        try s.startWorker()
        _ = try await s.fleetctl("employees", "sync", "--tenant", "acme", "--all")
        #expect(try await eventually(timeout: .seconds(30)) {
            let status = try await s.directory.status(tenant: "acme")
            return status?.state == .running && status?.error != nil
        }, "a 503 a retry will get past: running, with the error on show")
        try await s.sandbox.admin("POST", "/_admin/faults", json: #"{"tenant":"acme","api":"planfix-rest","errorRate":0}"#)
        let status = try #require(try await s.finished(timeout: .seconds(120)))
        #expect(status.state == .succeeded, "\(status.error ?? "")")
        #expect(try await s.directory.snapshot(tenant: "acme")?.mappings.count == 50)
    }

    @Test func aWorkerKilledHalfWayLeavesTheOldMappingAndTheNextOneFinishesFromTheCheckpoint() async throws {
        let s = try await Setup(count: 700)
        let old = [EmployeeMapping(planfixUserId: 1, uisEmployeeId: 9, extension: "1", name: "старая", email: nil, matchedBy: .name)]
        #expect(try await s.directory.replace(tenant: "acme", mappings: old) == 1)
        let first = try s.startWorker()
        _ = try await s.fleetctl("employees", "sync", "--tenant", "acme", "--all")
        let progressKey = TenantKeys(tenant: "acme").employeeSyncProgress
        #expect(try await eventually(timeout: .seconds(30)) {
            guard let bytes = try await s.redis.send(RedisCommand("GET", progressKey)).bytes,
                  let json = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return false }
            return (json["planfixOffset"] as? Int ?? 0) >= 300
        })
        first.kill(SIGKILL)
        #expect(try await s.directory.snapshot(tenant: "acme")?.mappings == old, "the previous mapping stays in force")
        #expect(try await s.directory.status(tenant: "acme")?.state == .running)

        try s.startWorker()
        let status = try #require(try await s.finished())
        #expect(status.state == .succeeded)
        let snapshot = try #require(try await s.directory.snapshot(tenant: "acme"))
        #expect(snapshot.version == 2 && snapshot.mappings.count == 700)
        let (requests, maxPerSecond) = try await s.planfixStats()
        #expect(maxPerSecond <= 1)
        #expect(requests <= 10, "resumed from the checkpoint: 8 pages, at most one read twice, one lookup (\(requests))")
        #expect(try await s.redis.send(RedisCommand("EXISTS", progressKey)).int == 0)
    }

    @Test func aSelectedSyncChangesOnlyTheChosenEmployees() async throws {
        let s = try await Setup(count: 20)
        let kept = EmployeeMapping(planfixUserId: 3, uisEmployeeId: 77, extension: "77", name: "вручную", email: nil, matchedBy: .name)
        let replaced = EmployeeMapping(planfixUserId: 5, uisEmployeeId: 88, extension: "88", name: "устарело", email: nil, matchedBy: .name)
        try await s.directory.replace(tenant: "acme", mappings: [kept, replaced])
        try s.startWorker()
        let (code, out) = try await s.fleetctl("employees", "sync", "--tenant", "acme", "--ids", "5,6")
        #expect(code == 0, "\(out)")
        let status = try #require(try await s.finished())
        #expect(status.state == .succeeded && status.scope == "5,6")
        let mappings = try #require(try await s.directory.snapshot(tenant: "acme")).mappings
        #expect(mappings.map(\.planfixUserId) == [3, 5, 6])
        #expect(mappings.first { $0.planfixUserId == 3 } == kept, "not chosen: unchanged")
        #expect(mappings.first { $0.planfixUserId == 5 }?.uisEmployeeId == 5005)
    }

    @Test(arguments: ["planfix", "uis"])
    func refusedCredentialsLeaveTheOldMappingAndAFailedStatusWithTheReason(side: String) async throws {
        let s = side == "planfix" ? try await Setup(count: 5, planfixToken: "wrong-token-123456")
                                  : try await Setup(count: 5, uisToken: "wrong-token-123456")
        let old = [EmployeeMapping(planfixUserId: 1, uisEmployeeId: 5001, extension: "1001", name: "Имя1", email: nil, matchedBy: .email)]
        try await s.directory.replace(tenant: "acme", mappings: old)
        let worker = try s.startWorker()
        _ = try await s.fleetctl("employees", "sync", "--tenant", "acme", "--all")
        let status = try #require(try await s.finished(timeout: .seconds(30)))
        #expect(status.state == .failed)
        #expect((status.error ?? "").contains("credentials") && (status.error ?? "").contains(side == "planfix" ? "planfix" : "uis"), "\(status.error ?? "")")
        #expect(!(status.error ?? "").contains("wrong-token-123456"))
        #expect(try await s.directory.snapshot(tenant: "acme")?.mappings == old)
        let (_, shown) = try await s.fleetctl("employees", "show", "--tenant", "acme")
        #expect(shown.contains("failed") && shown.contains("last success: never"), "\(shown)")
        #expect(!worker.output.contains("wrong-token-123456"))
    }
}
