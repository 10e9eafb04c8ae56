import Testing
import SandboxCore

@Suite("UIS APIs") struct UISTests {
    @Test func employeesAndEnvelopeErrors() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let ok = try await f.rpc("get.employees", ["fields": ["id", "full_name", "extension"]])
        #expect(ok.status == 200)
        #expect(ok.json["result"]?["data"]?[0]?["full_name"] == "Иван Петров")
        #expect(ok.json["result"]?["data"]?[0]?["extension"]?["extension_phone_number"] == "101")
        #expect(ok.json["result"]?["metadata"]?["limits"]?["minute_remaining"] == 999)
        #expect(ok.json["result"]?["metadata"]?["total_items"] == 2)
        let bad = try await f.rpc("get.employees", [:], token: "nope")
        #expect(bad.json["error"]?["code"] == -32001)
        #expect(bad.json["error"]?["data"]?["mnemonic"] == "access_token_invalid")
        let unknown = try await f.rpc("get.nothing", [:])
        #expect(unknown.json["error"]?["data"]?["mnemonic"] == "method_not_found")
        let wrongType = try await f.rpc("get.employees", ["limit": "ten"])
        #expect(wrongType.json["error"]?["data"]?["mnemonic"] == "data_type_error")
        #expect(wrongType.json["error"]?["data"]?["field"] == "limit")
        let extra = try await f.rpc("get.employees", ["bogus": 1])
        #expect(extra.json["error"]?["data"]?["mnemonic"] == "unexpected_parameters")
        let parse = try await SandboxHTTPClient.send(port: f.port, "POST", "/uis/dataapi/v2.0", body: Array("{oops".utf8))
        #expect(parse.json["error"]?["code"] == -32700)
        let batch = try await SandboxHTTPClient.send(port: f.port, "POST", "/uis/dataapi/v2.0", body: Array("[]".utf8))
        #expect(batch.json["error"]?["data"]?["mnemonic"] == "batch_opreations_not_supported")
    }

    @Test func reportsWithDatesAndSeededRows() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let missing = try await f.rpc("get.calls_report", [:])
        #expect(missing.json["error"]?["data"]?["mnemonic"] == "required_parameter_missed")
        let tooLong = try await f.rpc("get.calls_report", ["date_from": "2026-01-01 00:00:00", "date_till": "2026-05-01 00:00:00"])
        #expect(tooLong.json["error"]?["data"]?["mnemonic"] == "date_interval_limit_reached")
        let calls = try await f.rpc("get.calls_report", ["date_from": "2026-04-20 00:00:00", "date_till": "2026-05-02 00:00:00",
                                                         "fields": ["id", "contact_phone_number", "last_talked_employee_id"]])
        #expect(calls.json["result"]?["data"] == [["id": 9001, "contact_phone_number": "79161112233", "last_talked_employee_id": 25]])
        let seeded = try await f.admin("POST", "/uis/chats", ["tenant": "fast", "row": ["date_time": "2026-05-01 12:00:00", "status": "succeed",
                                                                                        "visitor_phone_number": 79161112233]])
        #expect(seeded.status == 200)
        let chats = try await f.rpc("get.chats_report", ["date_from": "2026-05-01 00:00:00", "date_till": "2026-05-02 00:00:00",
                                                         "filter": ["field": "status", "operator": "=", "value": "succeed"]])
        #expect(chats.json["result"]?["data"]?.arrayValue?.count == 1)
        #expect(chats.json["result"]?["data"]?[0]?["communication_id"] != nil)
        _ = try await f.admin("POST", "/uis/offline_messages", ["tenant": "fast", "row": ["date_time": "2026-05-01 09:00:00", "text": "Перезвоните"]])
        let leads = try await f.rpc("get.offline_messages_report", ["date_from": "2026-05-01 00:00:00", "date_till": "2026-05-01 23:59:59",
                                                                    "fields": ["id", "text", "date_time"]])
        #expect(leads.json["result"]?["data"]?[0]?["text"] == "Перезвоните")
        let msgs = try await f.rpc("get.chat_messages_report", [:])
        #expect(msgs.json["error"]?["data"]?["mnemonic"] == "required_parameter_missed")
    }

    @Test func pointLimitExceeded() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        for _ in 0..<2 { _ = try await f.rpc("get.employees", [:], token: "uis-tiny") }
        let over = try await f.rpc("get.employees", [:], token: "uis-tiny")
        if over.json["result"] != nil {
            // The two calls straddled a minute boundary; one more must hit the limit.
            _ = try await f.rpc("get.employees", [:], token: "uis-tiny")
            let again = try await f.rpc("get.employees", [:], token: "uis-tiny")
            #expect(again.json["error"]?["data"]?["mnemonic"] == "limit_exceeded")
        } else {
            #expect(over.json["error"]?["code"] == -32029)
            #expect(over.json["error"]?["data"]?["mnemonic"] == "limit_exceeded")
            #expect(over.json["error"]?["message"] == "Limit per minute has been exceeded. Value of current limit per minute is 2")
        }
    }

    @Test func dealsUpload() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let funnel: [String: JSONValue] = ["ext_id": "pf-1", "name": "Основная", "stages": [
            "success": ["ext_id": "won", "name": "Успешно"], "failed": ["ext_id": "lost", "name": "Провал"],
            "in_process": [["ext_id": "new", "name": "Новая", "order": 10]]]]
        let created = try await f.rpc("create.sales_funnel", funnel)
        #expect(created.json["result"]?["data"] == ["ext_id": "pf-1"])
        let dup = try await f.rpc("create.sales_funnel", funnel)
        #expect(dup.json["error"]?["data"]?["mnemonic"] == "duplicate_entity")
        let contacts = try await f.rpc("create.deal_contacts", ["contacts": [["ext_id": "c-1", "name": "Анна", "phone_numbers": ["79161112233"]]]])
        #expect(contacts.json["result"]?["data"] == [:])
        let emp = try await f.rpc("create.deal_employees", ["ext_id": "e-1", "name": "Иван"])
        #expect(emp.json["result"]?["data"] == ["ext_id": "e-1"])
        var deal: [String: JSONValue] = ["ext_id": "4711", "name": "Заказ", "created_date_time": "2026-01-10 10:00:00",
                                         "modified_stage_date_time": "2026-01-10 10:00:00", "sales_funnel_ext_id": "pf-1",
                                         "stage_ext_id": "new", "contact_ext_ids": ["c-1"], "main_contact_ext_id": "c-1", "employee_ext_id": "e-1"]
        let up = try await f.rpc("upload.deals_history", ["deals": [.object(deal)]])
        #expect(up.json["result"]?["data"] == [:])
        deal["stage_ext_id"] = "nowhere"
        let badStage = try await f.rpc("upload.deals_history", ["deals": [.object(deal)]])
        #expect(badStage.json["error"]?["data"]?["mnemonic"] == "entity_not_found")
        deal["stage_ext_id"] = "won"; deal["modified_stage_date_time"] = "2026-01-09 10:00:00"
        let older = try await f.rpc("upload.deals_history", ["deals": [.object(deal)]])
        #expect(older.json["error"]?["data"]?["mnemonic"] == "invalid_date_time")
        deal.removeValue(forKey: "main_contact_ext_id"); deal["modified_stage_date_time"] = "2026-01-11 10:00:00"
        let combo = try await f.rpc("upload.deals_history", ["deals": [.object(deal)]])
        #expect(combo.json["error"]?["data"]?["mnemonic"] == "invalid_parameters_combination")
        let state = try await f.admin("GET", "/state?tenant=fast")
        #expect(state.json["uis"]?["deals"]?["4711"]?.arrayValue?.count == 1)
    }

    @Test func dealContactsAreUpdatedWithListsReplacedAndRefusedDealsFailTheirCallNamingTheRecord() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let missing = try await f.rpc("update.deal_contacts", ["ext_id": "c-9", "phone_numbers": ["79161112233"]])
        #expect(missing.json["error"]?["data"]?["mnemonic"] == "entity_not_found")
        _ = try await f.rpc("create.deal_contacts", ["contacts": [["ext_id": "c-9", "name": "Анна", "phone_numbers": ["79161112233"], "emails": ["a@x.ru"]]]])
        let updated = try await f.rpc("update.deal_contacts", ["ext_id": "c-9", "name": "Анна", "phone_numbers": ["79160000000"], "emails": []])
        #expect(updated.json["result"]?["data"] == [:])
        let badPhone = try await f.rpc("update.deal_contacts", ["ext_id": "c-9", "phone_numbers": ["+7 916"]])
        #expect(badPhone.json["error"]?["data"]?["mnemonic"] == "invalid_parameter_value")
        var state = try await f.admin("GET", "/state?tenant=fast")
        let contact = state.json["uis"]?["dealContacts"]?[0]
        #expect(contact?["phone_numbers"] == ["79160000000"] && contact?["emails"] == [])

        let funnel: [String: JSONValue] = ["ext_id": "pf-1", "name": "Основная", "stages": [
            "success": ["ext_id": "won", "name": "Успешно"], "failed": ["ext_id": "lost", "name": "Провал"],
            "in_process": [["ext_id": "new", "name": "Новая", "order": 10]]]]
        _ = try await f.rpc("create.sales_funnel", funnel)
        func deal(_ ext: String) -> JSONValue {
            ["ext_id": .string(ext), "name": "Заказ", "created_date_time": "2026-01-10 10:00:00", "modified_stage_date_time": "2026-01-10 10:00:00",
             "sales_funnel_ext_id": "pf-1", "stage_ext_id": "new"]
        }
        let set = try await f.admin("POST", "/uis/refused_deals", ["tenant": "fast", "ext_ids": ["2"]])
        #expect(set.json["refused"] == ["2"])
        let refused = try await f.rpc("upload.deals_history", ["deals": [deal("1"), deal("2"), deal("3")]])
        #expect(refused.json["error"]?["data"]?["field"] == "deals[1].ext_id", "the error names the record")
        state = try await f.admin("GET", "/state?tenant=fast")
        #expect(state.json["uis"]?["deals"] == [:], "all or nothing")
        let fine = try await f.rpc("upload.deals_history", ["deals": [deal("1"), deal("3")]])
        #expect(fine.json["result"]?["data"] == [:])
        _ = try await f.admin("POST", "/uis/refused_deals", ["tenant": "fast", "ext_ids": []])
        #expect(try await f.rpc("upload.deals_history", ["deals": [deal("2")]]).json["result"]?["data"] == [:])
        let ledger = try await f.admin("GET", "/ledger?tenant=fast").text
        let calls = ledger.split(separator: "\n").filter { $0.contains("deals_history.uploaded") }
        #expect(calls.count == 2 && calls[0].contains(#""records":2"#), "one effect per accepted call, with its record count")
    }

    @Test func startEmployeeCall() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let ok = try await f.rpc(api: "callapi/v4.0", "start.employee_call", ["first_call": "employee", "virtual_phone_number": "74993720692",
                                                                          "contact": "79161112233", "employee": ["id": 25], "external_id": "task-1"])
        let session = try #require(ok.json["result"]?["data"]?["call_session_id"]?.intValue)
        #expect(ok.json["result"]?["metadata"]?["limits"] != nil)
        let report = try await f.rpc("get.calls_report", ["date_from": "2020-01-01 00:00:00", "date_till": "2020-01-02 00:00:00"])
        #expect(report.json["result"] != nil)
        let state = try await f.admin("GET", "/state?tenant=fast")
        #expect(state.json["uis"]?["callSessions"]?[0]?["call_session_id"]?.intValue == session)
        let noEmp = try await f.rpc(api: "callapi/v4.0", "start.employee_call", ["first_call": "employee", "virtual_phone_number": "74993720692",
                                                                             "contact": "79161112233", "employee": ["id": 99]])
        #expect(noEmp.json["error"]?["data"]?["mnemonic"] == "employee_not_found")
        let noPhone = try await f.rpc(api: "callapi/v4.0", "start.employee_call", ["first_call": "employee", "virtual_phone_number": "74993720692",
                                                                              "contact": "79161112233", "employee": ["id": 26]])
        #expect(noPhone.json["error"]?["data"]?["mnemonic"] == "no_active_phone_number")
        let badVN = try await f.rpc(api: "callapi/v4.0", "start.employee_call", ["first_call": "employee", "virtual_phone_number": "70000000000",
                                                                            "contact": "79161112233", "employee": ["id": 25]])
        #expect(badVN.json["error"]?["code"] == -32007)
        let missing = try await f.rpc(api: "callapi/v4.0", "start.employee_call", ["first_call": "employee"])
        #expect(missing.json["error"]?["data"]?["mnemonic"] == "required_parameter_missed")
    }
}
