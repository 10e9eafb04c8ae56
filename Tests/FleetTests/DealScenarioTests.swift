import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// The deals flow end to end as real processes: the Planfix automation's POSTs to the ingest, the deals worker,
/// the sandbox playing Planfix (tasks changed by the test through its REST API, as a user would) and UIS (the
/// funnel and the deal history it stores), a private redis-server. Each scenario asserts the exact deal records
/// UIS received.
@Suite(.serialized) struct DealScenarioTests {
    static let secret = "deal-scenario-secret-0123456789"
    static let planfixToken = "pf-deal-token"
    /// Object 17 is the deal object: success 3, failure 5; 7 is closed but neither. Field 120 is the amount.
    static let tenants = """
        {"tenants":[{"id":"acme","planfix":{"account":"acme","token":"\(planfixToken)","telephonyToken":"tel-token","requestsPerSecond":50,
          "objects":[{"id":17,"name":"Сделка","statuses":[{"id":1,"name":"Новая","isActive":true},{"id":2,"name":"В работе","isActive":true},
                       {"id":4,"name":"Счёт выставлен","isActive":true},{"id":3,"name":"Выполненная","isActive":false},
                       {"id":5,"name":"Отказ","isActive":false},{"id":7,"name":"Отменённая","isActive":false}]},
                     {"id":18,"name":"Заявка","statuses":[{"id":1,"name":"Новая","isActive":true}]}],
          "taskCustomFields":[{"id":120,"name":"Сумма сделки","type":1}],
          "contacts":[{"id":500,"name":"Ольга","lastname":"Петрова","email":"olga@client.ru","phones":[{"number":"+7 (900) 111-22-33","type":1}]}]},
         "uis":{"accessToken":"uis-deal-token","virtualNumbers":["74951234567"]},
         "users":[{"id":3,"name":"Анна","lastname":"Смирнова","email":"anna@firm.ru","extension":"101","active":true}],
         "uisEmployees":[{"id":25,"fullName":"Анна Смирнова","email":"anna@firm.ru","extension":"101","phones":["74950000101"],"statusId":1}]}]}
        """

    final class Fleet: @unchecked Sendable {
        let sandbox: SandboxProcess
        let redisServer: RedisServer
        let redis: RedisClient
        let ingestPort: Int
        var processes: [FleetProcess] = []
        let env: [String: String]
        let dealsEnv: [String: String]
        private(set) var dealsWorker: FleetProcess?

        /// - Parameters:
        ///   - startDeals: false to post first and start the deals worker later (`startDealsWorker`).
        ///   - dealsEnvironment: more environment for the deals worker (e.g. `DEALS_UPLOAD_MAX_WAIT_SECONDS`).
        init(telephony: Bool = false, startDeals: Bool = true, dealsEnvironment: [String: String] = [:]) async throws {
            sandbox = try await SandboxProcess(tenants: DealScenarioTests.tenants)
            redisServer = try RedisServer()
            redis = RedisClient(resolver: redisServer.resolver, name: "deal-scenario")
            ingestPort = try FreePort.find()
            env = ["REDIS_URL": redisServer.url, "FLEET_HEARTBEAT_TTL_MS": "1000", "FLEET_PROMOTE_INTERVAL_MS": "50", "FLEET_LOG_LEVEL": "info"]
            dealsEnv = env.merging(dealsEnvironment) { $1 }
            try await importSettings { _ in }
            processes.append(try FleetProcess("ingest", environment: env.merging(["INGEST_PORT": "\(ingestPort)"]) { $1 }))
            if startDeals { try startDealsWorker() }
            if telephony {
                try await EmployeeDirectory(redis: redis).replace(tenant: "acme", mappings: [
                    EmployeeMapping(planfixUserId: 3, uisEmployeeId: 25, extension: "101", name: "Смирнова Анна", email: nil, matchedBy: .email),
                ])
                processes.append(try FleetProcess("telephony", environment: env))
            }
            let port = ingestPort
            guard try await eventually({ (try? await HTTPProbe.get(port: port, path: "/healthz"))?.status == 200 }) else {
                throw TestSupportError("ingest did not start")
            }
        }

        deinit { for p in processes where p.isRunning { p.kill(SIGKILL) } }

        /// Starts a deals worker (again, after `killDealsWorker`).
        func startDealsWorker() throws {
            let worker = try FleetProcess("deals", environment: dealsEnv)
            processes.append(worker)
            dealsWorker = worker
        }

        /// SIGKILLs the deals worker: what it held comes back through the next worker's reaper.
        func killDealsWorker() async {
            guard let worker = dealsWorker else { return }
            worker.kill(SIGKILL)
            _ = await worker.wait(timeout: .seconds(10))
            dealsWorker = nil
        }

        /// Stores settings/tenant.example.json wired to the sandbox, changed by `edit`, as the next version.
        func importSettings(_ edit: (inout TenantSettings) -> Void) async throws {
            var settings = try TenantSettings.parse(Data(contentsOf: Executables.packageRoot.appendingPathComponent("settings/tenant.example.json"))).get()
            settings.connection.planfixRestURL = "\(sandbox.url)/planfix/acme/rest/"
            settings.connection.planfixRestToken = DealScenarioTests.planfixToken
            settings.connection.planfixTelephonyURL = "\(sandbox.url)/planfix/acme/tel/api"
            settings.connection.planfixTelephonyToken = "tel-token"
            settings.connection.uisDataAPIURL = "\(sandbox.url)/uis/dataapi/v2.0"
            settings.connection.uisDataAPIToken = "uis-deal-token"
            settings.connection.uisCallAPIURL = "\(sandbox.url)/uis/callapi/v4.0"
            settings.connection.uisCallAPIToken = "uis-deal-token"
            settings.connection.webhookSecret = DealScenarioTests.secret
            settings.deals.successStatusId = 3
            settings.deals.failureStatusId = 5
            edit(&settings)
            _ = try await TenantOperations(redis: redis).importDocument(tenant: "acme", bytes: Array(try JSONEncoder().encode(settings.json)))
        }

        /// A request to the sandbox's Planfix REST API, as a Planfix user's change would be.
        @discardableResult
        func planfix(_ method: String, _ path: String, _ body: String) async throws -> [String: Any] {
            let request = "\(method) /planfix/acme/rest/\(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(DealScenarioTests.planfixToken)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            let answer = try await HTTPProbe.raw(port: sandbox.port, request)
            guard answer.hasPrefix("HTTP/1.1 20"), let start = answer.range(of: "\r\n\r\n") else { throw TestSupportError("Planfix answered \(answer.prefix(300))") }
            return (try? JSONSerialization.jsonObject(with: Data(answer[start.upperBound...].utf8)) as? [String: Any]) ?? [:]
        }

        static func fields(status: Int?, amount: String?, name: String? = nil) -> String {
            var parts: [String] = []
            if let name { parts.append(#""name":"\#(name)""#) }
            if let status { parts.append(#""status":{"id":\#(status)}"#) }
            if let amount { parts.append(#""customFieldData":[{"field":{"id":120},"value":\#(amount)}]"#) }
            return parts.joined(separator: ",")
        }

        /// Creates a task of `object` (the deal object by default) with counterparty 500 (unless `counterparty` is
        /// false: then its jobs read nothing but the task from Planfix) and assignee 3.
        func createTask(object: Int = 17, status: Int, amount: String? = nil, name: String = "Заказ кухни", counterparty: Bool = true) async throws -> Int {
            let party = counterparty ? #""counterparty":{"id":"contact:500"},"# : ""
            let body = #"{"object":{"id":\#(object)},\#(party)"assignees":{"users":[{"id":"user:3"}]},"#
                + Self.fields(status: status, amount: amount, name: name) + "}"
            guard let id = try await planfix("POST", "task/", body)["id"] as? Int else { throw TestSupportError("no task id") }
            return id
        }

        func updateTask(_ id: Int, status: Int? = nil, amount: String? = nil) async throws {
            try await planfix("POST", "task/\(id)", "{" + Self.fields(status: status, amount: amount) + "}")
        }

        /// The Planfix automation's POST for a task; the ingest always answers 200.
        func post(_ taskId: Int) async throws {
            let body = #"{"task_id":"\#(taskId)"}"#
            let request = "POST /hooks/acme/\(DealScenarioTests.secret)/planfix/deals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            let answer = try await HTTPProbe.raw(port: ingestPort, request)
            guard answer.hasPrefix("HTTP/1.1 200") else { throw TestSupportError("ingest answered \(answer.prefix(120))") }
        }

        /// `post` as Planfix does it when the ingest cannot store the event (503 while Redis is down): again, until 200.
        func postUntilAccepted(_ taskId: Int) async throws {
            var lastError: (any Error)?
            guard try await eventually(timeout: .seconds(30), every: .milliseconds(200), {
                do { try await post(taskId); return true } catch { lastError = error; return false }
            }) else { throw lastError ?? TestSupportError("the post was never accepted") }
        }

        func uisState() async throws -> [String: Any] {
            let answer = try await HTTPProbe.get(port: sandbox.port, path: "/_admin/state?tenant=acme")
            return ((try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["uis"] as? [String: Any]) ?? [:]
        }

        /// Every record UIS stored for a deal, in upload order.
        func uploads(_ taskId: Int) async throws -> [[String: Any]] {
            ((try await uisState()["deals"] as? [String: Any])?[String(taskId)] as? [[String: Any]]) ?? []
        }

        /// `stage revenue` per upload, the stage without the funnel prefix (`status-1`, `success`, ...).
        func stages(_ taskId: Int) async throws -> [String] {
            try await uploads(taskId).map { r in
                let stage = (r["stage_ext_id"] as? String ?? "?").replacingOccurrences(of: "planfix-object-17:", with: "")
                return (r["revenue"] as? NSNumber).map { "\(stage) \($0.intValue)" } ?? stage
            }
        }

        func effects(_ operation: String) async throws -> [[String: Any]] {
            let answer = try await HTTPProbe.get(port: sandbox.port, path: "/_admin/ledger?tenant=acme")
            return answer.body.split(separator: "\n").compactMap { line in
                guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      o["kind"] as? String == "effect", o["op"] as? String == operation else { return nil }
                return o["details"] as? [String: Any]
            }
        }

        /// The `upload.deals_history` calls UIS accepted: the ext ids of each, in call order.
        func uploadCalls() async throws -> [[String]] {
            try await effects("deals_history.uploaded").map { ($0["ext_ids"] as? [String]) ?? [] }
        }

        /// Records staged and not yet accepted or refused: per deal (task id → how many).
        func pending() async throws -> [Int: Int] {
            let keys = TenantKeys(tenant: "acme")
            let ids = (try await redis.send(RedisCommand("ZRANGE", keys.dealsPending, "0", "-1")).orThrow().array ?? []).compactMap { $0.string.flatMap(Int64.init) }
            var out: [Int: Int] = [:]
            for id in ids { out[Int(id)] = try await redis.send(RedisCommand("LLEN", keys.dealPendingRecords(id))).orThrow().int ?? 0 }
            return out
        }

        /// The requests UIS's Data API got for `method` (with an HTTP status of `status` when given; UIS's own
        /// refusals come with 200).
        func uisRequests(_ method: String, status: Int? = nil) async throws -> Int {
            try await HTTPProbe.get(port: sandbox.port, path: "/_admin/ledger?tenant=acme&api=uis-data").body.split(separator: "\n")
                .filter { line in
                    line.contains("\"kind\":\"request\"") && line.contains("\"op\":\"\(method)\"") && (status.map { line.contains("\"status\":\($0)") } ?? true)
                }.count
        }

        func deadLetters() async throws -> [DeadLetter] { try await JobQueue(name: FleetJobs.Queue.deals, redis: redis).deadLetters() }

        /// Nothing of the deals queue waits or runs.
        func idle() async throws -> Bool {
            let d = try await JobQueue(name: FleetJobs.Queue.deals, redis: redis).depths()
            return d.ready == 0 && d.processing == 0 && d.delayed == 0 && d.orderedPending == 0
        }
    }

    @Test func aNewDealIsInProcessThenWonWithRevenueAndAnotherIsLost() async throws {
        let f = try await Fleet()
        let won = try await f.createTask(status: 1)
        try await f.post(won)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(won) == ["status-1"] })
        let funnel = try #require((try await f.uisState()["salesFunnels"] as? [[String: Any]])?.first)
        #expect(funnel["ext_id"] as? String == "planfix-object-17" && funnel["name"] as? String == "Planfix: Сделка")
        let stages = (funnel["stages"] as? [[String: Any]] ?? []).map { "\($0["status"] as? String ?? "") \($0["name"] as? String ?? "")" }
        #expect(stages == ["success Выполненная", "failed Отказ", "in_process Новая", "in_process В работе", "in_process Счёт выставлен",
                           "in_process Закрыта без результата"])

        try await f.updateTask(won, status: 3, amount: "150000")
        try await f.post(won)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(won) == ["status-1", "success 150000"] })
        let records = try await f.uploads(won)
        let first = records[0], last = records[1]
        #expect(first["ext_id"] as? String == String(won) && first["name"] as? String == "Заказ кухни")
        #expect(first["sales_funnel_ext_id"] as? String == "planfix-object-17" && first["closed_date_time"] == nil && first["revenue"] == nil)
        #expect(last["closed_date_time"] as? String == last["modified_stage_date_time"] as? String)
        #expect((last["modified_stage_date_time"] as? String ?? "") >= (first["modified_stage_date_time"] as? String ?? "~"))
        #expect(last["created_date_time"] as? String == first["created_date_time"] as? String)
        // No call created the task: linked through the counterparty's phones and e-mail; the assignee is the employee.
        #expect(last["contact_ext_ids"] as? [String] == ["planfix-contact-500"] && last["main_contact_ext_id"] as? String == "planfix-contact-500")
        #expect(last["communication_id"] == nil && last["employee_ext_id"] as? String == "planfix-user-3")
        let contact = try #require((try await f.uisState()["dealContacts"] as? [[String: Any]])?.first)
        #expect(contact["phone_numbers"] as? [String] == ["79001112233"] && contact["emails"] as? [String] == ["olga@client.ru"])
        #expect(contact["name"] as? String == "Петрова Ольга")

        let lost = try await f.createTask(status: 2, amount: "90000")
        try await f.post(lost)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(lost) == ["status-2 90000"] })
        try await f.updateTask(lost, status: 5)
        try await f.post(lost)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(lost) == ["status-2 90000", "failed 90000"] })
        #expect(try await f.effects("sales_funnel.created").count == 1, "one funnel per tenant")
        #expect(try await f.deadLetters().isEmpty)
    }

    @Test func anAmountThatIsTextOrAWonDealWithoutAmountIsReportedAndNeverSentAsZero() async throws {
        let f = try await Fleet()
        let text = try await f.createTask(status: 2, amount: #""сто тысяч""#)
        let empty = try await f.createTask(status: 3, amount: #""""#)
        let fine = try await f.createTask(status: 3, amount: "4200")
        try await f.post(text)
        try await f.post(empty)
        try await f.post(fine)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.deadLetters().count == 2 })
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(fine) == ["success 4200"] }, "one bad deal does not fail the others")
        let letters = try await f.deadLetters()
        let textLetter = try #require(letters.first { $0.reason.contains("task \(text)") })
        #expect(textLetter.errorClass == "deal-amount" && textLetter.reason.contains("\"сто тысяч\", which is not a number"), "\(textLetter.reason)")
        let emptyLetter = try #require(letters.first { $0.reason.contains("task \(empty)") })
        #expect(emptyLetter.errorClass == "deal-amount" && emptyLetter.reason.contains("is won but its amount field 120 is empty"), "\(emptyLetter.reason)")
        #expect(try await f.uploads(text).isEmpty)
        #expect(try await f.uploads(empty).isEmpty)
        let revenues = try await f.effects("deal.uploaded").compactMap { ($0["revenue"] as? NSNumber)?.doubleValue }
        #expect(!revenues.contains(0))
        // Fixing the value in Planfix (which posts again) uploads the deal.
        try await f.updateTask(text, amount: "100000")
        try await f.post(text)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(text) == ["status-2 100000"] })
    }

    @Test func aTaskOfAnotherObjectIsIgnored() async throws {
        let f = try await Fleet()
        let other = try await f.createTask(object: 18, status: 1, amount: "500")
        let deal = try await f.createTask(status: 1)
        try await f.post(other)
        try await f.post(deal)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(deal) == ["status-1"] })
        #expect(try await eventually(timeout: .seconds(10)) { try await f.idle() })
        #expect(try await f.uploads(other).isEmpty)
        #expect(try await f.deadLetters().isEmpty, "ignored, not failed")
    }

    @Test func tenRapidChangesUploadTheFinalStateAndStagesNeverGoBackInTime() async throws {
        let f = try await Fleet()
        let task = try await f.createTask(status: 1)
        let sequence = [2, 4, 2, 1, 4, 2, 7, 4, 2, 3]
        for (i, status) in sequence.enumerated() {
            try await f.updateTask(task, status: status, amount: String(1000 * (i + 1)))
            try await f.post(task)
        }
        #expect(try await eventually(timeout: .seconds(30)) { try await f.stages(task).last == "success 10000" })
        #expect(try await eventually(timeout: .seconds(10)) { try await f.idle() })
        let records = try await f.uploads(task)
        #expect(records.count <= sequence.count && records.last?["stage_ext_id"] as? String == "planfix-object-17:success")
        let times = records.map { $0["modified_stage_date_time"] as? String ?? "" }
        #expect(times == times.sorted(), "stage times never go back: \(times)")
        #expect(try await f.stages(task).last == "success 10000", "nothing after the final state")
        #expect(try await f.deadLetters().isEmpty)
    }

    @Test func theSamePostDeliveredFiveTimesUploadsOncePerDistinctState() async throws {
        let f = try await Fleet()
        let task = try await f.createTask(status: 1, amount: "700")
        for _ in 0..<5 { try await f.post(task) }
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(task) == ["status-1 700"] })
        #expect(try await eventually(timeout: .seconds(10)) { try await f.idle() })
        for _ in 0..<5 { try await f.post(task) }  // Planfix re-sending after the job ran
        #expect(try await eventually(timeout: .seconds(10)) { try await f.idle() })
        #expect(try await f.stages(task) == ["status-1 700"])
        try await f.updateTask(task, status: 2)
        for _ in 0..<5 { try await f.post(task) }
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(task) == ["status-1 700", "status-2 700"] })
        #expect(try await eventually(timeout: .seconds(10)) { try await f.idle() })
        #expect(try await f.stages(task) == ["status-1 700", "status-2 700"])
    }

    @Test func aTaskCreatedByTheTelephonyFlowCarriesTheCallsCommunicationId() async throws {
        let f = try await Fleet(telephony: true)
        func notify(_ fields: String) async throws {
            let body = #"{\#(fields),"contact_phone_number":"79005550077","virtual_phone_number":"74951234567","direction":"in","notification_time":null}"#
            let request = "POST /hooks/acme/\(DealScenarioTests.secret)/uis/calls HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            #expect(try await HTTPProbe.raw(port: f.ingestPort, request).hasPrefix("HTTP/1.1 200"))
        }
        try await notify(#""event":"waiting_for_answer","call_session_id":3001,"employee_id":25,"leg_id":1"#)
        try await notify(#""event":"lost_call","call_session_id":3001,"employee_ids":[25],"wait_time_duration":20"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.effects("task.created").contains { $0["marker"] as? String == "uisplanfix:call:3001" } })
        let task = try #require(try await f.effects("task.created").first { $0["marker"] as? String == "uisplanfix:call:3001" }?["id"] as? Int)
        // The manager works the call's task as a deal: a new status and an amount, then Planfix's automation posts.
        try await f.updateTask(task, status: 2, amount: "25000")
        try await f.post(task)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(task) == ["status-2 25000"] })
        let record = try #require(try await f.uploads(task).first)
        #expect((record["communication_id"] as? NSNumber)?.intValue == 3001 && record["communication_type"] as? String == "call")
        #expect(record["contact_ext_ids"] == nil, "the call links the deal; no contact matching needed")
    }

    @Test func aUISOutageLosesNothingAndEverythingIsUploadedAfterwardsInOrder() async throws {
        let f = try await Fleet()
        let a = try await f.createTask(status: 1, amount: "100")
        let b = try await f.createTask(status: 2, amount: "200")
        try await f.sandbox.admin("POST", "/_admin/faults", json: #"{"tenant":"acme","api":"uis-data","errorRate":1.0,"errorStatus":503}"#)
        try await f.post(a)
        try await f.post(b)
        #expect(try await eventually(timeout: .seconds(10)) {
            let none = try await f.effects("deal.uploaded").isEmpty
            let idle = try await f.idle()
            return none && !idle
        })
        try await Task.sleep(for: .seconds(2))
        try await f.updateTask(a, status: 4)
        try await f.post(a)
        try await Task.sleep(for: .seconds(2))
        try await f.updateTask(a, status: 3, amount: "300")
        try await f.post(a)
        try await Task.sleep(for: .seconds(1))
        #expect(try await f.effects("deal.uploaded").isEmpty, "UIS is down")
        let refused = try await HTTPProbe.get(port: f.sandbox.port, path: "/_admin/ledger?tenant=acme&api=uis-data").body
            .split(separator: "\n").filter { $0.contains("\"kind\":\"request\"") && $0.contains("\"status\":503") }
        #expect(!refused.isEmpty, "the fleet did try UIS during the outage")
        try await f.sandbox.admin("DELETE", "/_admin/faults?tenant=acme")
        #expect(try await eventually(timeout: .seconds(60)) {
            let lastOfA = try await f.stages(a).last, stagesOfB = try await f.stages(b)
            return lastOfA == "success 300" && stagesOfB == ["status-2 200"]
        })
        #expect(try await eventually(timeout: .seconds(10)) { try await f.idle() })
        // Each job reads the task when it runs, so the jobs that waited out the outage upload its latest state.
        let stagesOfA = try await f.stages(a)
        let order = ["status-1 100", "status-4 100", "success 300"]
        #expect(stagesOfA.allSatisfy(order.contains) && stagesOfA.last == "success 300", "\(stagesOfA)")
        #expect(stagesOfA.map { order.firstIndex(of: $0)! } == stagesOfA.map { order.firstIndex(of: $0)! }.sorted(), "in order: \(stagesOfA)")
        let times = try await f.uploads(a).map { $0["modified_stage_date_time"] as? String ?? "" }
        #expect(times == times.sorted())
        #expect(try await f.deadLetters().isEmpty, "nothing lost")
    }

    @Test func changingTheStatusMappingUpdatesTheFunnel() async throws {
        let f = try await Fleet()
        let first = try await f.createTask(status: 1)
        try await f.post(first)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(first) == ["status-1"] })
        // «Счёт выставлен» now counts as won.
        try await f.importSettings { $0.deals.successStatusId = 4 }
        try await Task.sleep(for: .milliseconds(2500))  // the worker's settings cache picks versions up within 2 s
        let second = try await f.createTask(status: 4, amount: "5000")
        try await f.post(second)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.stages(second) == ["success 5000"] })
        let funnel = try #require((try await f.uisState()["salesFunnels"] as? [[String: Any]])?.first)
        let stages = (funnel["stages"] as? [[String: Any]] ?? []).map { "\($0["status"] as? String ?? "") \($0["name"] as? String ?? "")" }
        #expect(stages == ["success Счёт выставлен", "failed Отказ", "in_process Новая", "in_process В работе", "in_process Закрыта без результата"], "\(stages)")
        #expect(try await f.effects("sales_funnel_stage.deleted").map { $0["ext_id"] as? String } == ["planfix-object-17:status-4"])
    }
}
