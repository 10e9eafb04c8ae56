import Foundation
import Testing
import TestSupport
@testable import Shared

/// Calls the webhooks never completed are found in UIS's call report (the sandbox) and queued once.
@Suite(.serialized) struct CallReconciliationTests {
    @Test func aReportRowBecomesTheNotificationAWebhookWouldHaveBrought() throws {
        let json = """
        {"id":42,"start_time":"2026-11-26 10:00:00","finish_time":"2026-11-26 10:02:00","direction":"in","is_lost":false,
         "contact_phone_number":"79001234567","virtual_phone_number":"74951234567","talk_duration":95,"wait_duration":7,
         "employees":[{"employee_id":25,"is_answered":false,"is_talked":false},{"employee_id":26,"is_answered":true,"is_talked":true}],
         "last_talked_employee_id":26,"full_record_file_link":"https://app.uiscom.ru/rec/42.mp3","scenario_name":"Основной"}
        """
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let row = try decoder.decode(UISCallRecord.self, from: Data(json.utf8))
        let n = CallReconciliation.notification(from: row)
        #expect(n.type == .callFinished && n.callSessionId == 42 && n.direction == .incoming)
        #expect(n.employeeId == 26 && n.employeeIds == [25, 26] && n.talkDuration == 95)
        #expect(n.contactNumber?.e164 == "+79001234567" && n.fileLink == "https://app.uiscom.ru/rec/42.mp3")
        var lost = row
        lost.isLost = true
        lost.lastTalkedEmployeeId = nil
        #expect(CallReconciliation.notification(from: lost).type == .lostCall)
    }

    @Test func onlyCallsTheFleetDidNotCompleteAreQueuedAndOnlyOnce() async throws {
        let sandbox = try await SandboxProcess()
        let redisServer = try RedisServer()
        let redis = RedisClient(resolver: redisServer.resolver)
        var settings = try TenantSettings.parse(Data(contentsOf: Executables.packageRoot.appendingPathComponent("settings/tenant.example.json"))).get()
        settings.connection.uisDataAPIURL = "\(sandbox.url)/uis/dataapi/v2.0"
        settings.connection.uisDataAPIToken = "uis-acme-token"
        _ = try await TenantOperations(redis: redis).importDocument(tenant: "acme", bytes: Array(try JSONEncoder().encode(settings.json)))
        let minute: Int64 = 60_000
        let now = WallClock.epochMillis()
        func time(_ ms: Int64) -> String { UISReportWindow.format(Date(timeIntervalSince1970: Double(ms) / 1000), in: UISAssumptions.defaultReportTimeZone) }
        let rows = [(701, now - 60 * minute), (702, now - 30 * minute), (703, now - 2 * minute)].map { id, at in
            #"{"id":\#(id),"start_time":"\#(time(at - minute))","finish_time":"\#(time(at))","direction":"in","is_lost":false,"contact_phone_number":"7900000\#(id)","talk_duration":10}"#
        }
        try await sandbox.admin("POST", "/_admin/uis/calls", json: #"{"tenant":"acme","rows":[\#(rows.joined(separator: ","))]}"#)
        // 702 was completed by its webhooks; 703 finished too recently (its webhook may still come).
        var done = CallState(callSessionId: 702)
        done.completed = true
        try await CallRecordStore(redis: redis).save(tenant: "acme", callSessionId: 702, .init(state: done))

        let clients = TenantClients(settings: TenantClients.settingsCache(redis: redis),
                                    callGuard: RemoteCallGuard(redis: redis, logger: Logger(process: "test", sink: .memory())))
        let reconciliation = CallReconciliation(clients: clients, redis: redis)
        #expect(try await reconciliation.reconcile(tenant: "acme", now: now, holder: "run-1") == 1)
        #expect(try await reconciliation.reconcile(tenant: "acme", now: now, holder: "run-2") == 0, "queued once")
        let queue = try JobQueue(name: FleetJobs.Queue.telephony, redis: redis)
        let ordered = (try await redis.send(RedisCommand("LRANGE", queue.keys.ordered("acme:call:701"), "0", "-1")).array ?? [])
        #expect(ordered.count == 1)
        let job = try JobEnvelope.decode(try #require(ordered.first?.bytes))
        #expect(try job.payload.decode(CallNotification.self).type == .callFinished)

        // The schedule asks once per interval, whatever the number of workers.
        let cache = TenantClients.settingsCache(redis: redis)
        #expect(try await CallReconciliation.schedule(redis: redis, settings: cache, now: now) == 1)
        #expect(try await CallReconciliation.schedule(redis: redis, settings: cache, now: now + 1000) == 0)
    }
}
