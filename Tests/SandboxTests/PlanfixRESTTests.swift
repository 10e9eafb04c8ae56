import Testing
import SandboxCore

@Suite("Planfix REST") struct PlanfixRESTTests {
    @Test func pingAndBadToken() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let ok = try await f.rest("GET", "/ping")
        #expect(ok.status == 200)
        #expect(ok.json["result"] == "success")
        #expect(ok.headers["x-ratelimit-remaining"] == "99999")
        let bad = try await f.rest("GET", "/ping", token: "wrong")
        #expect(bad.status == 401)
        #expect(bad.json == ["result": "fail", "code": 1, "error": "Access denied, unknown token"])
        let unknown = try await f.rest("GET", "/ping", account: "nobody")
        #expect(unknown.status == 404)
        #expect(unknown.json["result"] == "fail")
    }

    @Test func contactLifecycle() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let created = try await f.rest("POST", "/contact/", ["template": ["id": 1], "name": "Пётр", "lastname": "Иванов",
                                                             "phones": [["number": "+79101234567", "type": 1]]])
        #expect(created.status == 201)
        let id = try #require(created.json["id"]?.intValue)
        let found = try await f.rest("POST", "/contact/list", ["filters": [["type": 4003, "operator": "equal", "value": "9101234567"]],
                                                               "fields": "id,name,phones"])
        #expect(found.json["contacts"]?.arrayValue?.count == 1)
        #expect(found.json["contacts"]?[0]?["id"]?.intValue == id)
        let none = try await f.rest("POST", "/contact/list", ["filters": [["type": 4003, "operator": "equal", "value": "89101234567"]]])
        #expect(none.json["contacts"]?.arrayValue?.isEmpty == true)
        let updated = try await f.rest("POST", "/contact/\(id)", ["supervisors": ["users": [["id": "user:2"]]]])
        #expect(updated.status == 200)
        let got = try await f.rest("GET", "/contact/contact:\(id)?fields=name,supervisors")
        #expect(got.json["contact"]?["name"] == "Пётр")
        #expect(got.json["contact"]?["supervisors"]?["users"]?[0]?["name"] == "Мария Козлова")
        #expect(got.json["contact"]?["phones"] == nil)
        let missing = try await f.rest("GET", "/contact/999999")
        #expect(missing.status == 404)
        #expect(missing.json["code"] == 2000)
        let missingUpdate = try await f.rest("POST", "/contact/999999", ["name": "x"])
        #expect(missingUpdate.json["error"] == "Contact for update not found by id 999999")
        let noName = try await f.rest("POST", "/contact/", ["phones": [["number": "+79101234567", "type": 1]]])
        #expect(noName.json["code"] == 2006)
    }

    @Test func validationAndMalformedBodies() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let wrongType = try await f.rest("POST", "/contact/", ["name": "A", "phones": "79101234567"])
        #expect(wrongType.status == 400)
        #expect(wrongType.json["code"] == 41)
        #expect(wrongType.json["error"]?.stringValue?.contains("phones") == true)
        let badEnum = try await f.rest("POST", "/contact/", ["name": "A", "gender": "Robot"])
        #expect(badEnum.json["code"] == 41)
        let badPage = try await f.rest("POST", "/user/list", ["pageSize": 500])
        #expect(badPage.json["code"] == 41)
        let malformed = try await SandboxHTTPClient.send(port: f.port, "POST", "/planfix/fast/rest/contact/",
                                                         headers: [("Authorization", "Bearer fast-token")], body: Array("{\"name\":".utf8))
        #expect(malformed.status == 400)
        #expect(malformed.json["code"] == 30)
        let deep = Array(String(repeating: "[", count: 5000).utf8)
        let nested = try await SandboxHTTPClient.send(port: f.port, "POST", "/planfix/fast/rest/task/",
                                                      headers: [("Authorization", "Bearer fast-token")], body: deep)
        #expect(nested.json["code"] == 30)
        let huge = try await SandboxHTTPClient.send(port: f.port, "POST", "/planfix/fast/rest/task/",
                                                    headers: [("Authorization", "Bearer fast-token")], body: [UInt8](repeating: 0x20, count: 2 << 20))
        #expect(huge.status == 400)
        #expect(huge.json["result"] == "fail")
        // Spec quirks the reference asks to relax: string enums of filter types, any custom field value, numeric person id.
        let ok = try await f.rest("POST", "/task/", ["template": ["id": 7], "name": "t", "counterparty": ["id": 500],
                                                     "customFieldData": [["field": ["id": 101], "value": "abc"]]])
        #expect(ok.status == 201)
    }

    @Test func tasksCommentsAndMarkers() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let desc = "Входящий звонок<br>uisplanfix:call:777"
        let t = try await f.rest("POST", "/task/", ["template": ["id": 7], "name": "Звонок", "description": .string(desc),
                                                    "assignees": ["users": [["id": "user:1"]]], "counterparty": ["id": "contact:500"],
                                                    "customFieldData": [["field": ["id": 101], "value": "777"]]])
        #expect(t.status == 201)
        let id = try #require(t.json["id"]?.intValue)
        let byObject = try await f.rest("POST", "/task/", ["object": ["id": 3], "name": "Сделка", "status": ["id": 20]])
        #expect(byObject.status == 201)
        let got = try await f.rest("GET", "/task/\(id)?fields=id,name,status,counterparty,101")
        #expect(got.json["task"]?["status"]?["name"] == "Новая")
        #expect(got.json["task"]?["counterparty"]?["id"] == "contact:500")
        #expect(got.json["task"]?["customFieldData"]?[0]?["value"] == "777")
        let list = try await f.rest("POST", "/task/list", ["filters": [["type": 8, "operator": "equal", "value": "uisplanfix:call:777"]],
                                                           "fields": "id,name"])
        #expect(list.json["tasks"]?.arrayValue?.count == 1)
        let upd = try await f.rest("POST", "/task/\(id)", ["status": ["id": 2]])
        #expect(upd.status == 200)
        let badStatus = try await f.rest("POST", "/task/", ["template": ["id": 7], "name": "x", "status": ["id": 99]])
        #expect(badStatus.status == 400)
        #expect(badStatus.json["error"] == "Status not find by id 99")
        let c = try await f.rest("POST", "/task/\(id)/comments/", ["description": "Звонок завершён", "recipients": ["roles": ["assignee"]]])
        #expect(c.status == 201)
        let comments = try await f.rest("POST", "/task/\(id)/comments/list", ["offset": 0, "pageSize": 10])
        #expect(comments.json["comments"]?[0]?["description"] == "Звонок завершён")
        let missing = try await f.rest("GET", "/task/424242")
        #expect(missing.status == 404)
        #expect(missing.json["code"] == 1000)
        let missingComment = try await f.rest("POST", "/task/424242/comments/", ["description": "x"])
        #expect(missingComment.json["code"] == 1000)
        let stats = try await f.admin("GET", "/stats?tenant=fast")
        #expect(stats.json["tenants"]?["fast"]?["tasksPerMarker"]?["uisplanfix:call:777"] == 1)
    }

    @Test func usersAndDirectories() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let byExt = try await f.rest("POST", "/user/list", ["filters": [["type": 9004, "operator": "equal", "value": "102"]],
                                                            "fields": "id,name,lastname"])
        #expect(byExt.json["users"] == [["id": 2, "name": "Мария", "lastname": "Козлова"]])
        let page = try await f.rest("POST", "/user/list", ["offset": 1, "pageSize": 1])
        #expect(page.json["users"] == [["id": 2]])
        let active = try await f.rest("POST", "/user/list", ["onlyActive": true])
        #expect(active.json["users"]?.arrayValue?.count == 2)
        let fields = try await f.rest("GET", "/customfield/task")
        #expect(fields.json["customfields"]?[0]?["id"] == 101)
        let statuses = try await f.rest("GET", "/object/3/statuses")
        #expect(statuses.json["statuses"]?[0]?["name"] == "Новая")
        let templates = try await f.rest("GET", "/task/templates")
        #expect(templates.json["templates"]?[0]?["id"] == 7)
        let unknown = try await f.rest("GET", "/nothing/here")
        #expect(unknown.status == 404)
    }
}
