import Testing
import SandboxCore

/// `get.visitors` and replacing seeded report rows by id (a test closes a chat or sets a tag on it).
@Suite("UIS visitors") struct UISVisitorTests {
    @Test func visitorsByIdsAndUpsertedChats() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        _ = try await f.admin("POST", "/uis/visitors", ["tenant": "fast", "rows": [["id": 5, "name": "Иван", "phones": ["79001112233"],
                                                                                     "emails": ["i@example.ru"], "usernames": ["ivan"]],
                                                                                    ["id": 6, "name": "Олег"]]])
        let one = try await f.rpc("get.visitors", ["ids": [5, 99]])
        #expect(one.json["result"]?["data"] == [["id": 5, "name": "Иван", "phones": ["79001112233"], "emails": ["i@example.ru"], "usernames": ["ivan"]]])
        let missing = try await f.rpc("get.visitors", [:])
        #expect(missing.json["error"]?["data"]?["mnemonic"] == "required_parameter_missed")
        let bad = try await f.rpc("get.visitors", ["ids": ["x"]])
        #expect(bad.json["error"]?["data"]?["mnemonic"] == "invalid_parameter_value")

        _ = try await f.admin("POST", "/uis/chats", ["tenant": "fast", "row": ["id": 70, "date_time": "2026-05-01 12:00:00", "status": "active"]])
        _ = try await f.admin("POST", "/uis/chats", ["tenant": "fast", "row": ["id": 70, "date_time": "2026-05-01 12:00:00", "status": "succeed"]])
        let chats = try await f.rpc("get.chats_report", ["date_from": "2026-05-01 00:00:00", "date_till": "2026-05-02 00:00:00",
                                                         "filter": ["field": "id", "operator": "=", "value": 70]])
        #expect(chats.json["result"]?["data"]?.arrayValue?.count == 1)
        #expect(chats.json["result"]?["data"]?[0]?["status"] == "succeed")
    }
}
