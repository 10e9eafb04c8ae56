import Foundation
import Testing
@testable import Shared

/// UIS Data API and Call API clients: the JSON-RPC requests they build and the reference answers they parse.
@Suite struct UISClientTests {
    let harness: GuardHarness
    init() throws { harness = try GuardHarness() }
    static let token = "uis-access-token-42"
    static let utc = TimeZone(identifier: "UTC")!
    static let limits = #""metadata":{"limits":{"day_limit":3500,"day_remaining":3319,"day_reset":35483,"minute_limit":200,"minute_remaining":199,"minute_reset":23},"total_items":2}"#

    func data(_ t: ScriptedTransport) -> UISDataClient {
        UISDataClient(tenant: "acme", token: Self.token, url: URL(string: "http://127.0.0.1:1/uis/data/v2.0")!, budget: GuardHarness.fast,
                      timeZone: Self.utc, callGuard: harness.callGuard, transport: t)
    }

    static func date(_ s: String) -> Date { UISReportWindow.parse(s, in: utc)! }

    @Test func employeesRequestIsJSONRPCWithTheTokenInParamsAndUniqueIDs() async throws {
        let t = ScriptedTransport(json: #"{"jsonrpc":"2.0","id":"1","result":{"data":[{"id":25,"full_name":"Иванов","email":"i@x.ru","extension":{"extension_phone_number":"101"},"phone_numbers":[{"phone_id":1,"phone_number":"74955140578...2345","status":"active"}],"groups":[{"group_id":3,"group_name":"Sales"}],"new_field":1}],\#(Self.limits)}}"#,
                                  #"{"jsonrpc":"2.0","id":"2","result":{"data":[]}}"#)
        let c = data(t)
        let page = try await c.getEmployees(holder: job())
        _ = try await c.getEmployees(limit: 50, offset: 50, holder: job())
        let r = try #require(t.requests.first)
        #expect(r.method == "POST")
        #expect(r.url.absoluteString == "http://127.0.0.1:1/uis/data/v2.0")
        #expect(r.header("Content-Type") == "application/json; charset=UTF-8")
        #expect(r.header("Authorization") == nil)
        let json = r.json
        #expect(json["jsonrpc"] as? String == "2.0")
        #expect(json["method"] as? String == "get.employees")
        let params = try #require(json["params"] as? [String: Any])
        #expect(params["access_token"] as? String == Self.token)
        #expect(params["fields"] as? [String] == UISDataClient.employeeFields)
        #expect(params["limit"] as? Int == 1000 && params["offset"] as? Int == 0)
        let ids = t.requests.compactMap { $0.json["id"] as? String }
        #expect(ids.count == 2 && Set(ids).count == 2)
        #expect(page.rows.first?.extension?.extensionPhoneNumber?.value == "101")
        #expect(page.rows.first?.phoneNumbers?.first?.phoneNumber?.value == "74955140578...2345")
        #expect(page.rows.first?.groups?.first?.groupName == "Sales")
        #expect(page.limits?.dayRemaining == 3319 && page.limits?.minuteReset == 23)
        #expect(page.totalItems == 2)
    }

    @Test func callsReportSendsTheWindowFilterAndParsesTheCapturedRow() async throws {
        let t = ScriptedTransport(json: #"{"jsonrpc":"2.0","id":"c","result":{"data":[{"id":998677427,"start_time":"2024-05-01 10:00:00","direction":"in","is_lost":false,"contact_phone_number":"79508418541","virtual_phone_number":"78633109653","talk_duration":12,"total_duration":23,"call_records":["abc"],"full_record_file_link":"https://media.uiscom.ru/1/2","employees":[{"employee_id":323409,"employee_full_name":"E","is_answered":true,"is_talked":true}],"last_talked_employee_id":323409,"call_api_external_id":null}],"metadata":{"total_items":1}}}"#)
        let page = try await data(t).getCallsReport(from: Self.date("2024-05-01 00:00:00"), till: Self.date("2024-05-02 00:00:00"),
                                                    filter: .equals("id", 998677427), holder: job())
        let params = try #require(t.last?.json["params"] as? [String: Any])
        #expect(params["date_from"] as? String == "2024-05-01 00:00:00")
        #expect(params["date_till"] as? String == "2024-05-02 00:00:00")
        #expect(t.last?.bodyText.contains(#""filter":{"field":"id","operator":"=","value":998677427}"#) == true)
        #expect(t.last?.json["method"] as? String == "get.calls_report")
        let row = try #require(page.rows.first)
        #expect(row.id == 998677427 && row.isLost == false && row.contactPhoneNumber?.value == "79508418541")
        #expect(row.employees?.first?.employeeId == 323409 && row.lastTalkedEmployeeId == 323409)
        #expect(row.callApiExternalId == nil)
    }

    @Test func aWindowLongerThanThreeMonthsFailsWithoutARequest() async throws {
        let t = ScriptedTransport()
        let f = await GuardHarness.failure {
            _ = try await data(t).getCallsReport(from: Self.date("2024-01-01 00:00:00"), till: Self.date("2024-04-01 00:00:01"), holder: job())
        }
        #expect(f?.kind == .permanent && f?.errorClass == "uis-data-window")
        #expect(t.requests.isEmpty)
        let windows = UISReportWindow.split(from: Self.date("2024-01-15 00:00:00"), till: Self.date("2024-09-01 00:00:00"), timeZone: Self.utc)
        #expect(windows.map(\.dateFrom) == ["2024-01-15 00:00:00", "2024-04-15 00:00:00", "2024-07-15 00:00:00"])
        #expect(windows.last?.dateTill == "2024-09-01 00:00:00")
        #expect(throws: Never.self) { try windows.forEach { _ = try $0.validated() } }
    }

    @Test func chatAndLeadReportsToleratesNumberPhonesAndStringDurations() async throws {
        let t = ScriptedTransport(json: #"{"jsonrpc":"2.0","id":"a","result":{"data":[{"id":199304420,"status":"succeed","duration":"125","communication_id":777,"visitor_phone_number":79001234567,"chat_channel_type":"telegram"}]}}"#,
                                  #"{"jsonrpc":"2.0","id":"b","result":{"data":[{"id":5,"chat_id":199304420,"text":"Здравствуйте","source":"visitor","resource":null}]}}"#,
                                  #"{"jsonrpc":"2.0","id":"c","result":{"data":[{"id":9,"communication_id":778,"visitor_name":"Олег","visitor_phone_number":"79000000000","date_time":"2024-05-01 12:00:00","status":"not_processed"}]}}"#)
        let c = data(t)
        let from = Self.date("2024-05-01 00:00:00"), till = Self.date("2024-05-02 00:00:00")
        let chat = try #require(try await c.getChatsReport(from: from, till: till, holder: job()).rows.first)
        #expect(chat.visitorPhoneNumber?.value == "79001234567" && chat.duration?.value == "125" && chat.communicationId == 777)
        let message = try await c.getChatMessagesReport(chatIds: [199304420], holder: job()).rows.first
        #expect(message?.text == "Здравствуйте")
        #expect((t.last?.json["params"] as? [String: Any])?["chat_ids"] as? [Int] == [199304420])
        let lead = try await c.getOfflineMessagesReport(from: from, till: till, holder: job()).rows.first
        #expect(lead?.visitorName == "Олег" && lead?.communicationId == 778)
        #expect(t.requests.map { $0.json["method"] as? String } == ["get.chats_report", "get.chat_messages_report", "get.offline_messages_report"])
        #expect(((t.last?.json["params"] as? [String: Any])?["fields"] as? [String])?.contains("date_time") == true)
    }

    @Test func allPagesStopsAtTotalItems() async throws {
        var offsets: [Int] = []
        let rows = try await UISDataClient.allPages(limit: 2) { offset -> UISPage<Int> in
            offsets.append(offset)
            return UISPage(rows: offset < 4 ? [offset, offset + 1] : [offset], totalItems: 5, limits: nil)
        }
        #expect(rows == [0, 1, 2, 3, 4])
        #expect(offsets == [0, 2, 4])
    }

    @Test func dealsMethodsSendTheDocumentedShapes() async throws {
        let ok = #"{"jsonrpc":"2.0","id":1,"result":{"data":{},\#(Self.limits)}}"#
        let t = ScriptedTransport(json: #"{"jsonrpc":"2.0","id":1,"result":{"data":{"ext_id":"1"}}}"#, ok,
                                  #"{"jsonrpc":"2.0","id":1,"result":{"data":{"ext_id":"EID_0007"}}}"#, ok, ok, ok)
        let c = data(t)
        let funnel = UISSalesFunnel(extId: "1", name: "Основная воронка", success: .init(extId: "1000", name: "Успешно"),
                                    failed: .init(extId: "10001", name: "Провал"), inProcess: [.init(extId: "1", name: "Новая сделка", order: 10)])
        #expect(try await c.createSalesFunnel(funnel, holder: job()).data == "1")
        #expect(t.last?.bodyText.contains(#""stages":{"failed":{"ext_id":"10001","name":"Провал"},"in_process":[{"ext_id":"1","name":"Новая сделка","order":10}],"success":{"ext_id":"1000","name":"Успешно"}}"#) == true)
        try await c.createDealContacts([UISDealContact(extId: "CID_0001", name: "Оловянный Олег", createdDateTime: "2019-08-02 21:00:01",
                                                       phoneNumbers: ["79000000000"], emails: ["test@example.com"])], holder: job())
        #expect(t.last?.bodyText.contains(#""contacts":[{"created_date_time":"2019-08-02 21:00:01","emails":["test@example.com"],"ext_id":"CID_0001","name":"Оловянный Олег","phone_numbers":["79000000000"]}]"#) == true)
        #expect(try await c.createDealEmployees(extId: "EID_0007", name: "Иванов", holder: job()).data == "EID_0007")
        var deal = UISDealRecord(extId: "4711", name: "Заказ #4711", createdDateTime: "2026-05-01 10:00:00", modifiedStageDateTime: "2026-05-03 15:20:00",
                                 salesFunnelExtId: "pf-process-1", stageExtId: "st-won", revenue: 150000)
        deal.contactExtIds = ["pf-contact-99"]
        deal.mainContactExtId = "pf-contact-99"
        deal.communicationId = 123456789
        deal.communicationType = "chat"
        let limits = try await c.uploadDealsHistory(Array(repeating: deal, count: 2001), holder: job())
        #expect(limits?.dayRemaining == 3319)
        let uploads = t.requests.filter { $0.json["method"] as? String == "upload.deals_history" }
        #expect(uploads.map { (($0.json["params"] as? [String: Any])?["deals"] as? [Any])?.count } == [1000, 1000, 1])
        let first = try #require(((uploads.first?.json["params"] as? [String: Any])?["deals"] as? [[String: Any]])?.first)
        #expect(first["main_contact_ext_id"] as? String == "pf-contact-99" && first["stage_ext_id"] as? String == "st-won")
        #expect(first["revenue"] as? Int == 150000 && first["communication_type"] as? String == "chat")
        let tooMany = await GuardHarness.failure {
            try await c.createDealContacts(Array(repeating: UISDealContact(extId: "x", name: "x"), count: 1001), holder: job())
        }
        #expect(tooMany?.kind == .permanent)
    }

    @Test func startEmployeeCallSendsAllFieldsAndReturnsTheSession() async throws {
        let t = ScriptedTransport(json: #"{"jsonrpc":"2.0","id":"req1","result":{"data":{"call_session_id":237859081},"metadata":{"limits":{"minute_remaining":9}}}}"#)
        let client = UISCallClient(tenant: "acme", token: "call-token-77", url: URL(string: "http://127.0.0.1:1/uis/call/v4.0")!, budget: GuardHarness.fast,
                                   callGuard: harness.callGuard, transport: t)
        var request = UISEmployeeCallRequest(virtualPhoneNumber: "74993720692", contact: "79260000000",
                                             employee: .init(id: 25, phoneNumber: "79260000001"), externalId: "planfix-task-1234",
                                             direction: .out, showVirtualPhoneNumber: false, switchAtOnce: true)
        request.earlySwitching = true
        request.contactMessage = .init(type: .tts, value: "Здравствуйте")
        let started = try await client.startEmployeeCall(request, holder: job())
        #expect(started.data == 237859081 && started.limits?.minuteRemaining == 9)
        let json = try #require(t.last?.json)
        #expect(json["method"] as? String == "start.employee_call")
        let p = try #require(json["params"] as? [String: Any])
        #expect(p["access_token"] as? String == "call-token-77")
        #expect(p["first_call"] as? String == "employee" && p["virtual_phone_number"] as? String == "74993720692")
        #expect(p["contact"] as? String == "79260000000" && p["external_id"] as? String == "planfix-task-1234")
        #expect(p["show_virtual_phone_number"] as? Bool == false && p["switch_at_once"] as? Bool == true && p["early_switching"] as? Bool == true)
        #expect((p["employee"] as? [String: Any])?["phone_number"] as? String == "79260000001")
        #expect((p["contact_message"] as? [String: Any])?["type"] as? String == "tts")
        #expect(p["dtmf_string"] == nil)
    }
}
