import Foundation
import Testing
@testable import Shared

/// Each Planfix REST call builds exactly the expected request and parses the reference's answers.
@Suite struct PlanfixClientTests {
    let harness: GuardHarness
    init() throws { harness = try GuardHarness() }

    func client(_ transport: ScriptedTransport, base: String = "http://127.0.0.1:9/planfix/acme/rest/") -> PlanfixClient {
        PlanfixClient(tenant: "acme", baseURL: URL(string: base)!, token: "pf-token-123456", budget: GuardHarness.fast,
                      callGuard: harness.callGuard, transport: transport)
    }

    @Test func pingSendsBearerGetToTheBaseURL() async throws {
        let t = ScriptedTransport(json: #"{"result":"success"}"#)
        try await client(t, base: "https://acme.planfix.ru/rest").ping(holder: job())
        let r = try #require(t.last)
        #expect(r.method == "GET")
        #expect(r.url.absoluteString == "https://acme.planfix.ru/rest/ping")
        #expect(r.header("Authorization") == "Bearer pf-token-123456")
        #expect(r.body.isEmpty)
        #expect(r.header("Content-Type") == nil)
    }

    @Test func findContactsFiltersOnTheLastTenDigitsAndDropsFalseMatches() async throws {
        let t = ScriptedTransport(json: #"""
            {"result":"success","contacts":[
              {"id":12,"name":"Ivan","lastname":"Ivanov","phones":[{"number":"89101234567","maskedNumber":"+8 (910) 123-45-67","type":1}],
               "supervisors":{"users":[{"id":"user:22","name":"Petrov Petr"}],"groups":[]},"unknownField":{"x":1}},
              {"id":"contact:13","name":"Other","phones":[{"number":"+7 (910) 123-45-678","type":2}]},
              {"id":14,"name":"NoPhones"}]}
            """#)
        let phone = try #require(PhoneNumber(parsing: "+7 910 123-45-67"))
        let contacts = try await client(t).findContacts(phone: phone, holder: job())
        let r = try #require(t.last)
        #expect(r.method == "POST")
        #expect(r.path == "/planfix/acme/rest/contact/list")
        #expect(r.header("Content-Type") == "application/json")
        #expect(r.bodyText == #"{"fields":"id,name,midname,lastname,email,phones,supervisors,isCompany","filters":[{"operator":"equal","type":4003,"value":"9101234567"}],"offset":0,"pageSize":100}"#)
        #expect(contacts.map(\.id.number) == [12, 14])
        #expect(contacts[0].supervisors?.users?.first?.id == PlanfixID(22, prefix: "user"))
        #expect(contacts[0].fullName == "Ivanov Ivan")
    }

    @Test func createContactPostsTheContactRequestAndReturnsTheId() async throws {
        let t = ScriptedTransport([RemoteAnswer(status: 201, body: Array(#"{"result":"success","id":1}"#.utf8))])
        var draft = ContactDraft(template: 1, name: "Ivan", midname: "Ivanovich", lastname: "Ivanov", isCompany: false,
                                 email: "ivan@mail.com", description: "Created from UIS call 2024-01-15",
                                 phones: [PlanfixPhone(number: "+79101234567", type: 1)],
                                 supervisors: PlanfixPeople(users: [.user(22)], groups: []),
                                 customFieldData: [PlanfixCustomFieldValue(field: 10, value: "Test string")])
        draft.position = nil
        let id = try await client(t).createContact(draft, holder: job())
        #expect(id == 1)
        let r = try #require(t.last)
        #expect(r.path.hasSuffix("/rest/contact/"))
        let json = r.json
        #expect((json["template"] as? [String: Any])?["id"] as? Int == 1)
        #expect(((json["supervisors"] as? [String: Any])?["users"] as? [[String: Any]])?.first?["id"] as? String == "user:22")
        #expect(((json["phones"] as? [[String: Any]])?.first?["number"] as? String) == "+79101234567")
        #expect(((json["customFieldData"] as? [[String: Any]])?.first?["field"] as? [String: Any])?["id"] as? Int == 10)
        #expect(json["midname"] as? String == "Ivanovich")
        #expect(json["position"] == nil, "nil fields are not sent")
    }

    @Test func updateContactReportsFailuresAsWarningsInBothShapes() async throws {
        let t = ScriptedTransport(json: #"{"failures":{"field":"template","error":"Field change failed"}}"#,
                                  #"{"failures":[{"field":"counterparty","error":"Field change failed"}]}"#)
        let c = client(t)
        let first = try await c.updateContact(id: 12, ContactDraft(phones: [PlanfixPhone(number: "+79268545064")]), silent: true, holder: job())
        #expect(first.failures == [PlanfixFieldFailure(field: "template", error: "Field change failed")])
        #expect(first.hasWarnings && !first.queued)
        #expect(t.last?.url.absoluteString.hasSuffix("/rest/contact/12?silent=true") == true)
        #expect(t.last?.bodyText == #"{"phones":[{"number":"+79268545064","type":1}]}"#)
        let second = try await c.updateContact(id: 12, ContactDraft(name: "N"), holder: job())
        #expect(second.failures.first?.field == "counterparty")
    }

    @Test func queuedUpdateWithAnEmptyBodyIsASuccess() async throws {
        let t = ScriptedTransport([RemoteAnswer(status: 202)])
        let result = try await client(t).updateTask(id: 7, TaskUpdate(status: 6), holder: job())
        #expect(result.queued)
        #expect(result.failures.isEmpty)
        #expect(t.last?.bodyText == #"{"status":{"id":6}}"#)
        #expect(t.last?.path.hasSuffix("/rest/task/7") == true)
    }

    @Test func createTaskByTemplateOrObjectSendsExactlyOneOfThem() async throws {
        let t = ScriptedTransport([RemoteAnswer(status: 201, body: Array(#"{"result":"success","id":4711}"#.utf8)),
                                   RemoteAnswer(status: 201, body: Array(#"{"result":"success","id":"4712"}"#.utf8))])
        let c = client(t)
        let draft = TaskDraft(kind: .template(1), name: "Входящий звонок +7 910 123-45-67", description: "Клиент<br>[uis:call:998677427]",
                              status: 2, assigner: .user(1), assignees: PlanfixPeople(users: [.user(5)], groups: []),
                              counterparty: .contact(12),
                              customFieldData: [PlanfixCustomFieldValue(field: 90, value: ["id": 2]), PlanfixCustomFieldValue(field: 20, value: 99)])
        #expect(try await c.createTask(draft, holder: job()) == 4711)
        let json = try #require(t.last).json
        #expect((json["template"] as? [String: Any])?["id"] as? Int == 1)
        #expect(json["object"] == nil)
        #expect((json["counterparty"] as? [String: Any])?["id"] as? String == "contact:12")
        #expect((json["assigner"] as? [String: Any])?["id"] as? String == "user:1")
        #expect((json["status"] as? [String: Any])?["id"] as? Int == 2)
        #expect(t.last?.bodyText.contains(#""value":{"id":2}"#) == true)
        #expect(t.last?.bodyText.contains(#""value":99"#) == true)

        var byObject = draft
        byObject.kind = .object(3)
        #expect(try await c.createTask(byObject, holder: job()) == 4712)
        let json2 = try #require(t.last).json
        #expect((json2["object"] as? [String: Any])?["id"] as? Int == 3)
        #expect(json2["template"] == nil)
    }

    @Test func getTaskReadsStatusAndCustomFields() async throws {
        let t = ScriptedTransport(json: #"""
            {"result":"success","task":{"id":10,"name":"Task name","status":{"id":2,"name":"В работе","color":"#f00","isActive":true},
             "counterparty":{"id":"contact:12","name":"Ivanov"},
             "customFieldData":[{"field":{"id":110,"name":"Emp","type":11,"objectType":1},"value":{"id":"user:3","name":"Petrov Petr"}},
                                {"field":{"id":20,"name":"Num","type":1,"objectType":1},"value":99}]}}
            """#)
        let task = try await client(t).getTask(id: 10, fields: "id,name,status,counterparty,110,20", holder: job())
        #expect(t.last?.method == "GET")
        #expect(t.last?.url.absoluteString.hasSuffix("/rest/task/10?fields=id,name,status,counterparty,110,20") == true)
        #expect(task.status?.id == 2 && task.status?.isActive == true)
        #expect(task.counterparty?.id.number == 12)
        #expect(task.customField(20) == .number(99))
        #expect(task.customField(110) == ["id": "user:3", "name": "Petrov Petr"])
    }

    @Test func findTaskByMarkerScansRecentTasksOfTheTemplate() async throws {
        let page1 = (0..<100).map { #"{"id":\#($0 + 1),"description":"other"}"# }.joined(separator: ",")
        let t = ScriptedTransport(json: #"{"result":"success","tasks":[\#(page1)]}"#,
                                  #"{"result":"success","tasks":[{"id":500,"description":"Звонок<br>[uis:call:42]"}]}"#)
        let found = try await client(t).findTaskByMarker("[uis:call:42]", scope: .recentTasks(templateOrObject: 7, days: 3), holder: job())
        #expect(found?.id.number == 500)
        #expect(t.requests.count == 2)
        let json = try #require(t.requests.last).json
        #expect(json["offset"] as? Int == 100)
        let filters = json["filters"] as? [[String: Any]]
        #expect(filters?.map { $0["type"] as? Int } == [51, 12])
        #expect((filters?[1]["value"] as? [String: Any])?["dateValue"] as? String == "3")
    }

    @Test func findTaskByMarkerReturnsNilAfterAShortPageWithoutTheMarker() async throws {
        let t = ScriptedTransport(json: #"{"result":"success","tasks":[{"id":1,"description":"[uis:call:4]"}]}"#)
        let found = try await client(t).findTaskByMarker("[uis:call:42]", scope: .recentTasks(templateOrObject: 7), holder: job())
        #expect(found == nil, "[uis:call:4] must not match [uis:call:42]")
        #expect(t.requests.count == 1)
    }

    @Test func addTaskCommentPostsDescriptionAndRecipients() async throws {
        let t = ScriptedTransport([RemoteAnswer(status: 201, body: Array(#"{"result":"success","id":77}"#.utf8))])
        let id = try await client(t).addTaskComment(taskId: 9, description: "Звонок завершён, 2:34<br><a href=\"https://x/rec.mp3\">запись</a>",
                                                    recipients: PlanfixRecipients(users: [.user(5)], roles: [.assignee]), holder: job())
        #expect(id == 77)
        #expect(t.last?.path.hasSuffix("/rest/task/9/comments/") == true)
        #expect(t.last?.bodyText == #"{"description":"Звонок завершён, 2:34<br><a href=\"https://x/rec.mp3\">запись</a>","recipients":{"roles":["assignee"],"users":[{"id":"user:5"}]}}"#)
    }

    @Test func listUsersPagesUntilAShortPage() async throws {
        let full = (0..<100).map { #"{"id":\#($0),"name":"U\#($0)"}"# }.joined(separator: ",")
        let t = ScriptedTransport(json: #"{"result":"success","users":[\#(full)]}"#,
                                  #"{"result":"success","users":[{"id":1000,"name":"Ivan","status":"Active","role":"User","phones":[{"number":"+123456789","maskedNumber":"Mobile phone","type":1}],"groups":[{"id":1,"name":"Managers"}]}]}"#)
        let users = try await client(t).listUsers(onlyActive: true, holder: job())
        #expect(users.count == 101)
        #expect(users.last?.groups?.first?.name == "Managers")
        #expect(t.requests.map { $0.json["offset"] as? Int } == [0, 100])
        #expect(t.requests.first?.json["onlyActive"] as? Bool == true)
        #expect(t.requests.first?.path.hasSuffix("/rest/user/list") == true)
    }

    @Test func findUsersByExtensionUsesFilter9004() async throws {
        let t = ScriptedTransport(json: #"{"result":"success","users":[{"id":5,"name":"Ivan","extensionNumber":"101"}]}"#)
        let users = try await client(t).findUsers(extension: "101", holder: job())
        #expect(users.first?.id.number == 5)
        let filter = (t.last?.json["filters"] as? [[String: Any]])?.first
        #expect(filter?["type"] as? Int == 9004)
        #expect(filter?["value"] as? String == "101")
    }

    @Test func directoryCallsUseTheDocumentedPathsAndParse() async throws {
        let t = ScriptedTransport(json: #"{"result":"success","customfields":[{"id":10,"name":"Line","names":{"en":"Line"},"type":0,"objectType":0,"groupId":1}]}"#,
                                  #"{"result":"success","templates":[{"id":1,"name":"My contact template"}]}"#,
                                  #"{"result":"success","objects":[{"id":1,"name":"My object"}]}"#,
                                  ##"{"result":"success","statuses":[{"id":1,"name":"New","color":"#4573b1","isActive":true,"hasDeadline":true,"texts":[{"lang":"Ru","name":"Новая"}]}]}"##)
        let c = client(t)
        #expect(try await c.customFields(of: .contact, holder: job()).first?.type == 0)
        #expect(try await c.contactTemplates(holder: job()).first?.name == "My contact template")
        #expect(try await c.objects(holder: job()).first?.id.number == 1)
        #expect(try await c.objectStatuses(objectId: 1, holder: job()).first?.isActive == true)
        let paths = t.requests.map { "\($0.method) \($0.path)" }
        #expect(paths == ["GET /planfix/acme/rest/customfield/contact", "GET /planfix/acme/rest/contact/templates",
                          "POST /planfix/acme/rest/object/list", "GET /planfix/acme/rest/object/1/statuses"])
        #expect(t.requests[1].query?.contains("isCompany=false") == true)
        #expect(t.requests[2].bodyText == #"{"offset":0,"pageSize":100}"#)
    }

    @Test func anUnexpectedSuccessShapeIsATransientFailureWithoutTheToken() async throws {
        let t = ScriptedTransport([RemoteAnswer(status: 201, body: Array(#"{"result":"success"}"#.utf8))])
        let f = await GuardHarness.failure { _ = try await client(t).createTask(TaskDraft(kind: .template(1), name: "x"), holder: job()) }
        #expect(f?.kind == .transient)
        #expect(f?.errorClass == "planfix-rest-unexpected-answer")
        #expect(f?.message.contains("pf-token-123456") == false)
    }

    @Test func getContactTaskTemplatesAndProcessStatusesParse() async throws {
        let t = ScriptedTransport(json: #"{"result":"success","contact":{"id":12,"name":"Ivan","midname":"Ivanovich","template":{"id":1},"customFieldData":[{"field":{"id":10,"name":"S","type":0,"objectType":1},"value":"Test string"}]}}"#,
                                  #"{"result":"success","templates":[{"id":1,"name":"Звонок"},{"id":"2","name":"Чат"}]}"#,
                                  #"{"result":"success","statuses":[{"id":3,"name":"Завершенная","isActive":false}]}"#)
        let c = client(t)
        let contact = try await c.getContact(id: 12, fields: "id,name,midname,template,10", holder: job())
        #expect(contact.midname == "Ivanovich" && contact.customFieldData?.first?.value == "Test string")
        #expect(t.last?.url.absoluteString.hasSuffix("/rest/contact/12?fields=id,name,midname,template,10") == true)
        #expect(try await c.taskTemplates(holder: job()).map(\.id.number) == [1, 2])
        #expect(t.last?.url.query == "offset=0&pageSize=100&fields=id,name")
        #expect(try await c.processStatuses(processId: 4, holder: job()).first?.isActive == false)
        #expect(t.last?.path == "/planfix/acme/rest/process/task/4/statuses")
    }
}
