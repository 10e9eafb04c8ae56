import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// The telephony flow end to end as real processes: UIS notifications POSTed to the ingest, the telephony worker,
/// the sandbox playing Planfix and UIS, a private redis-server. Each scenario asserts the exact Planfix telephony
/// events of the call, in order, and the tasks in the sandbox's ledger.
@Suite(.serialized) struct TelephonyScenarioTests {
    static let secret = "scenario-secret-0123456789"
    static let tenants = """
        {"tenants":[{"id":"acme","planfix":{"account":"acme","token":"pf-token","telephonyToken":"tel-token","requestsPerSecond":10,
          "objects":[{"id":17,"name":"Звонок","statuses":[{"id":1,"name":"Новая","isActive":true}]}],
          "contacts":[{"id":500,"name":"Постоянный клиент","phones":[{"number":"+79001112233","type":1}],"supervisors":{"users":[{"id":5}]}}]},
         "uis":{"accessToken":"uis-token","virtualNumbers":["74951234567"]},
         "users":[{"id":3,"name":"Анна","lastname":"Смирнова","email":"anna@firm.ru","extension":"101","active":true},
                  {"id":5,"name":"Борис","lastname":"Ким","email":"boris@firm.ru","extension":"102","active":true}],
         "uisEmployees":[{"id":25,"fullName":"Анна Смирнова","email":"anna@firm.ru","extension":"101","phones":["74950000101"],"statusId":1},
                         {"id":26,"fullName":"Борис Ким","email":"boris@firm.ru","extension":"102","phones":["74950000102"],"statusId":1}]}]}
        """

    final class Fleet: @unchecked Sendable {
        let sandbox: SandboxProcess
        let redisServer: RedisServer
        let redis: RedisClient
        let ingestPort: Int
        var processes: [FleetProcess] = []

        init() async throws {
            sandbox = try await SandboxProcess(tenants: TelephonyScenarioTests.tenants)
            redisServer = try RedisServer()
            redis = RedisClient(resolver: redisServer.resolver, name: "scenario")
            var settings = try TenantSettings.parse(Data(contentsOf: Executables.packageRoot.appendingPathComponent("settings/tenant.example.json"))).get()
            settings.connection.planfixRestURL = "\(sandbox.url)/planfix/acme/rest/"
            settings.connection.planfixRestToken = "pf-token"
            settings.connection.planfixTelephonyURL = "\(sandbox.url)/planfix/acme/tel/api"
            settings.connection.planfixTelephonyToken = "tel-token"
            settings.connection.uisCallAPIURL = "\(sandbox.url)/uis/callapi/v4.0"
            settings.connection.uisCallAPIToken = "uis-token"
            settings.connection.uisDataAPIURL = "\(sandbox.url)/uis/dataapi/v2.0"
            settings.connection.uisDataAPIToken = "uis-token"
            settings.connection.webhookSecret = TelephonyScenarioTests.secret
            settings.telephony.outgoingNumber = "+74951234567"
            _ = try await TenantOperations(redis: redis).importDocument(tenant: "acme", bytes: Array(try JSONEncoder().encode(settings.json)))
            try await EmployeeDirectory(redis: redis).replace(tenant: "acme", mappings: [
                EmployeeMapping(planfixUserId: 3, uisEmployeeId: 25, extension: "101", name: "Смирнова Анна", email: nil, matchedBy: .email),
                EmployeeMapping(planfixUserId: 5, uisEmployeeId: 26, extension: "102", name: "Ким Борис", email: nil, matchedBy: .email),
            ])
            ingestPort = try FreePort.find()
            let env = ["REDIS_URL": redisServer.url, "FLEET_HEARTBEAT_TTL_MS": "1000", "FLEET_PROMOTE_INTERVAL_MS": "50", "FLEET_LOG_LEVEL": "info"]
            processes.append(try FleetProcess("ingest", environment: env.merging(["INGEST_PORT": "\(ingestPort)"]) { $1 }))
            processes.append(try FleetProcess("telephony", environment: env))
            let port = ingestPort
            guard try await eventually({ (try? await HTTPProbe.get(port: port, path: "/healthz"))?.status == 200 }) else {
                throw TestSupportError("ingest did not start")
            }
        }

        deinit { for p in processes where p.isRunning { p.kill(SIGKILL) } }

        /// POSTs one notification to the ingest and expects it stored.
        func notify(_ fields: String) async throws {
            let body = "{\(fields)}"
            let request = "POST /hooks/acme/\(TelephonyScenarioTests.secret)/uis/calls HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            let answer = try await HTTPProbe.raw(port: ingestPort, request)
            guard answer.hasPrefix("HTTP/1.1 200") else { throw TestSupportError("ingest answered \(answer.prefix(120))") }
        }

        func planfixCommand(_ body: String) async throws -> String {
            let request = "POST /hooks/acme/\(TelephonyScenarioTests.secret)/planfix/telephony HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            return try await HTTPProbe.raw(port: ingestPort, request)
        }

        func effects(_ operation: String) async throws -> [[String: Any]] {
            let answer = try await HTTPProbe.get(port: sandbox.port, path: "/_admin/ledger?tenant=acme")
            return answer.body.split(separator: "\n").compactMap { line in
                guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      o["kind"] as? String == "effect", o["op"] as? String == operation else { return nil }
                return o["details"] as? [String: Any]
            }
        }

        /// `EVENT ext status` for each Planfix telephony event of the call, in order.
        func callEvents(_ callId: Int) async throws -> [String] {
            try await effects("call.event").filter { $0["callid"] as? String == String(callId) }.map { d in
                [d["event"] as? String, d["ext"] as? String, d["status"] as? String].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            }
        }

        func tasks(marker: String) async throws -> [[String: Any]] {
            try await effects("task.created").filter { $0["marker"] as? String == marker }
        }
    }

    static let base = #""virtual_phone_number":"74951234567","direction":"in","notification_time":null"#

    @Test func groupRingAnsweredMakesPopupsHistoryAndOneTask() async throws {
        let f = try await Fleet()
        let caller = #""contact_phone_number":"79005550001""#
        try await f.notify(#""event":"incoming_call","call_session_id":1001,\#(caller),\#(Self.base)"#)
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1001,\#(caller),"employee_id":25,"leg_id":1,\#(Self.base)"#)
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1001,\#(caller),"employee_id":26,"leg_id":2,\#(Self.base)"#)
        try await f.notify(#""event":"talk_started","call_session_id":1001,\#(caller),"employee_id":26,"leg_ids":[2],\#(Self.base)"#)
        try await f.notify(#""event":"call_finished","call_session_id":1001,\#(caller),"employee_id":26,"talk_time_duration":42,\#(Self.base)"#)
        // A re-delivered notification changes nothing.
        try await f.notify(#""event":"talk_started","call_session_id":1001,\#(caller),"employee_id":26,"leg_ids":[2],\#(Self.base)"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.tasks(marker: "uisplanfix:call:1001").count == 1 })
        #expect(try await f.callEvents(1001) == ["INCOMING 101", "INCOMING 102", "ACCEPTED 102", "COMPLETED 101 Cancelled", "COMPLETED 102 Success"])
        let task = try #require(try await f.tasks(marker: "uisplanfix:call:1001").first)
        #expect((task["name"] as? String ?? "").hasPrefix("Входящий звонок от +79005550001 на +74951234567"), "\(task)")
        try await Task.sleep(for: .seconds(1))
        #expect(try await f.tasks(marker: "uisplanfix:call:1001").count == 1, "one call, one task")
        // The worker recorded the complete call once for dry runs and previews, re-deliveries notwithstanding.
        let recent = try await RecentEvents(redis: f.redis).list(tenant: "acme")
        #expect(recent.count == 1 && recent.first?.isLost == false && recent.first?.parameters["caller_number"] == "+79005550001", "\(recent)")
    }

    @Test func aLostCallClosesThePopupAsMissedAndUsesTheLostTitle() async throws {
        let f = try await Fleet()
        let caller = #""contact_phone_number":"79005550002""#
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1002,\#(caller),"employee_id":25,"leg_id":7,\#(Self.base)"#)
        try await f.notify(#""event":"lost_call","call_session_id":1002,\#(caller),"employee_ids":[25],"wait_time_duration":30,\#(Self.base)"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.tasks(marker: "uisplanfix:call:1002").count == 1 })
        #expect(try await f.callEvents(1002) == ["INCOMING 101", "COMPLETED 101 Missed"])
        let task = try #require(try await f.tasks(marker: "uisplanfix:call:1002").first)
        #expect((task["name"] as? String) == "Потерянный звонок от +79005550002")
        #expect(try await eventually { try await RecentEvents(redis: f.redis).list(tenant: "acme").first?.isLost == true })
    }

    @Test func sequentialHuntKeepsEarlierPopupsOpenUntilTheAnswer() async throws {
        let f = try await Fleet()
        let caller = #""contact_phone_number":"79005550011""#
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1011,\#(caller),"employee_id":25,"leg_id":1,\#(Self.base)"#)
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1011,\#(caller),"employee_id":26,"leg_id":2,\#(Self.base)"#)
        // The hunt comes round to the first employee again: that popup is still open, nothing new.
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1011,\#(caller),"employee_id":25,"leg_id":3,\#(Self.base)"#)
        try await f.notify(#""event":"talk_started","call_session_id":1011,\#(caller),"employee_id":25,"leg_ids":[3],\#(Self.base)"#)
        try await f.notify(#""event":"call_finished","call_session_id":1011,\#(caller),"employee_id":25,"talk_time_duration":17,\#(Self.base)"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.tasks(marker: "uisplanfix:call:1011").count == 1 })
        #expect(try await f.callEvents(1011) == ["INCOMING 101", "INCOMING 102", "ACCEPTED 101", "COMPLETED 102 Cancelled", "COMPLETED 101 Success"])
    }

    @Test func aTransferCompletesTheFirstTalkerAndOpensTheSecond() async throws {
        let f = try await Fleet()
        let caller = #""contact_phone_number":"79005550012""#
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1012,\#(caller),"employee_id":25,"leg_id":1,\#(Self.base)"#)
        try await f.notify(#""event":"talk_started","call_session_id":1012,\#(caller),"employee_id":25,"leg_ids":[1],\#(Self.base)"#)
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1012,\#(caller),"employee_id":26,"leg_id":2,"is_transfer":true,\#(Self.base)"#)
        try await f.notify(#""event":"talk_started","call_session_id":1012,\#(caller),"employee_id":26,"leg_ids":[2],"is_transfer":true,\#(Self.base)"#)
        try await f.notify(#""event":"call_finished","call_session_id":1012,\#(caller),"employee_id":26,"talk_time_duration":90,\#(Self.base)"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.tasks(marker: "uisplanfix:call:1012").count == 1 })
        #expect(try await f.callEvents(1012) == ["INCOMING 101", "ACCEPTED 101", "INCOMING 102", "COMPLETED 101 Success", "ACCEPTED 102",
                                                 "COMPLETED 102 Success"])
    }

    @Test func aRecordingBeforeTheEndGoesWithTheCompletedEvent() async throws {
        let f = try await Fleet()
        let caller = #""contact_phone_number":"79005550013""#
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1013,\#(caller),"employee_id":25,"leg_id":1,\#(Self.base)"#)
        try await f.notify(#""event":"talk_started","call_session_id":1013,\#(caller),"employee_id":25,"leg_ids":[1],\#(Self.base)"#)
        try await f.notify(#""event":"recording_ready","call_session_id":1013,\#(caller),"employee_id":25,"file_link":"https://rec.example/1013.mp3",\#(Self.base)"#)
        try await f.notify(#""event":"call_finished","call_session_id":1013,\#(caller),"employee_id":25,"talk_time_duration":40,\#(Self.base)"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.tasks(marker: "uisplanfix:call:1013").count == 1 })
        #expect(try await f.callEvents(1013) == ["INCOMING 101", "ACCEPTED 101", "COMPLETED 101 Success"])
        let completed = try #require(try await f.effects("call.event").first { $0["callid"] as? String == "1013" && $0["event"] as? String == "COMPLETED" })
        #expect(completed["record_link"] as? String == "https://rec.example/1013.mp3")
        #expect(try await f.effects("call.record").allSatisfy { $0["callid"] as? String != "1013" }, "no separate cmd=record")
    }

    @Test func anOutgoingCallNobodyAnswersIsNoAnswer() async throws {
        let f = try await Fleet()
        let out = #""contact_phone_number":"79005550014","virtual_phone_number":"74951234567","direction":"out""#
        try await f.notify(#""event":"outgoing_call","call_session_id":1014,\#(out),"employee_id":25"#)
        // Busy or not answered: the notifications cannot tell them apart (CallPopupPlanner).
        try await f.notify(#""event":"call_finished","call_session_id":1014,\#(out),"employee_id":25,"talk_time_duration":0"#)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.callEvents(1014).count == 2 })
        #expect(try await f.callEvents(1014) == ["OUTGOING 101", "COMPLETED 101 NoAnswer"])
    }

    @Test func aRepeatCallerGetsPopupsButNoTaskByTheseRules() async throws {
        let f = try await Fleet()
        let caller = #""contact_phone_number":"79001112233""#
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1003,\#(caller),"employee_id":25,"leg_id":9,\#(Self.base)"#)
        try await f.notify(#""event":"talk_started","call_session_id":1003,\#(caller),"employee_id":25,"leg_ids":[9],\#(Self.base)"#)
        try await f.notify(#""event":"call_finished","call_session_id":1003,\#(caller),"employee_id":25,"talk_time_duration":5,\#(Self.base)"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.callEvents(1003).count == 3 })
        #expect(try await f.callEvents(1003) == ["INCOMING 101", "ACCEPTED 101", "COMPLETED 101 Success"])
        try await Task.sleep(for: .seconds(3))
        #expect(try await f.tasks(marker: "uisplanfix:call:1003").isEmpty, "repeat callers: create nothing (settings/tenant.example.json)")
        // Planfix's answer about the caller named their manager (Борис, 102): the routing cache is warm for the next call.
        let manager = try await PersonalManagerCache(redis: f.redis).lookup(tenant: "acme", phone: "+79001112233", maxAge: .seconds(300))
        #expect(manager?.extensionNumber == "102", "\(String(describing: manager))")
    }

    @Test func aCallWhoseEndNeverArrivedIsCompletedFromUISsReport() async throws {
        let f = try await Fleet()
        let caller = #""contact_phone_number":"79005550004""#
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1004,\#(caller),"employee_id":25,"leg_id":11,\#(Self.base)"#)
        try await f.notify(#""event":"talk_started","call_session_id":1004,\#(caller),"employee_id":25,"leg_ids":[11],\#(Self.base)"#)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.callEvents(1004).count == 2 })
        // "Call finished" is never delivered; UIS's report has the call.
        let now = WallClock.epochMillis()
        let finished = UISReportWindow.format(Date(), in: UISAssumptions.defaultReportTimeZone)
        try await f.sandbox.admin("POST", "/_admin/uis/calls", json: #"{"tenant":"acme","row":{"id":1004,"finish_time":"\#(finished)","direction":"in","is_lost":false,"contact_phone_number":"79005550004","virtual_phone_number":"74951234567","talk_duration":33,"last_talked_employee_id":25}}"#)
        let run = JobEnvelope(kind: FleetJobs.Kind.callsReconcile, tenant: "acme",
                              payload: try JSONValue(encoding: CallReconciliationJob(scheduledAt: now + CallReconciliation.settle.milliseconds + 60_000)))
        try await JobQueue(name: FleetJobs.Queue.telephonyREST, redis: f.redis).enqueue(run)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.tasks(marker: "uisplanfix:call:1004").count == 1 })
        #expect(try await f.callEvents(1004) == ["INCOMING 101", "ACCEPTED 101", "COMPLETED 101 Success"])
    }

    @Test func anOutgoingCallMakesTheClientAndTheOrderAndItsRecordingFollows() async throws {
        let f = try await Fleet()
        let out = #""contact_phone_number":"79005550005","virtual_phone_number":"74951234567","direction":"out""#
        try await f.notify(#""event":"outgoing_call","call_session_id":1005,\#(out),"employee_id":25"#)
        try await f.notify(#""event":"talk_started","call_session_id":1005,\#(out),"employee_id":25,"leg_ids":[3]"#)
        try await f.notify(#""event":"call_finished","call_session_id":1005,\#(out),"employee_id":25,"talk_time_duration":61"#)
        try await f.notify(#""event":"recording_ready","call_session_id":1005,\#(out),"employee_id":25,"file_link":"https://rec.example/1005.mp3""#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.tasks(marker: "uisplanfix:call:1005").count == 1 })
        #expect(try await f.callEvents(1005) == ["OUTGOING 101", "ACCEPTED 101", "COMPLETED 101 Success"])
        #expect(try await eventually(timeout: .seconds(10)) { try await f.effects("call.record").contains { $0["callid"] as? String == "1005" } })
        let task = try #require(try await f.tasks(marker: "uisplanfix:call:1005").first)
        #expect(task["name"] as? String == "Исходящий звонок на +79005550005")
    }

    @Test func aCallTheFilterRejectsGetsPopupsButNoTask() async throws {
        let f = try await Fleet()
        let other = #""contact_phone_number":"79005550006","virtual_phone_number":"74997777777","direction":"in""#
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1006,\#(other),"employee_id":26,"leg_id":5"#)
        // An employee without a synced extension gets no popup, and the call still goes on.
        try await f.notify(#""event":"waiting_for_answer","call_session_id":1006,\#(other),"employee_id":99,"leg_id":6"#)
        try await f.notify(#""event":"talk_started","call_session_id":1006,\#(other),"employee_id":26,"leg_ids":[5]"#)
        try await f.notify(#""event":"call_finished","call_session_id":1006,\#(other),"employee_id":26,"talk_time_duration":8"#)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.callEvents(1006).count == 3 })
        #expect(try await f.callEvents(1006) == ["INCOMING 102", "ACCEPTED 102", "COMPLETED 102 Success"])
        try await Task.sleep(for: .seconds(3))
        #expect(try await f.tasks(marker: "uisplanfix:call:1006").isEmpty, "the virtual number is not in the tenant's incoming filter")
    }

    @Test func clickToCallRingsTheMappedEmployeeAndAnUnknownExtensionIsReported() async throws {
        let f = try await Fleet()
        #expect(try await f.planfixCommand("cmd=makeCall&from=102&to=8%20900%20123-45-67&token=our-pbx-key-example").hasPrefix("HTTP/1.1 200"))
        #expect(try await eventually(timeout: .seconds(20)) { try await f.effects("call.started").count == 1 })
        let started = try #require(try await f.effects("call.started").first)
        #expect(started["employee_id"] as? Int == 26 && started["contact"] as? String == "79001234567")

        #expect(try await f.planfixCommand("cmd=makeCall&from=199&to=79001234567&token=our-pbx-key-example").hasPrefix("HTTP/1.1 200"))
        let queue = try JobQueue(name: FleetJobs.Queue.telephony, redis: f.redis)
        #expect(try await eventually(timeout: .seconds(20)) { try await queue.deadLetters().contains { $0.errorClass == "unknown-extension" } })
        let letter = try #require(try await queue.deadLetters().first { $0.errorClass == "unknown-extension" })
        #expect(letter.reason.contains("199"))
        #expect(try await f.effects("call.started").count == 1, "not retried, never rung")
    }
}
