import Foundation
import Testing
@testable import Shared

/// Contract test: every Planfix REST request body the client builds — captured from real client calls, with
/// every optional field set — validates against the official OpenAPI spec
/// (`../shared/reference/planfix-openapi.json`) through `scripts/validate_planfix_bodies.py`.
@Suite struct PlanfixContractTests {
    let harness: GuardHarness
    init() throws { harness = try GuardHarness() }

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let script = repo.appendingPathComponent("scripts/validate_planfix_bodies.py").path
    static let spec = repo.appendingPathComponent("../shared/reference/planfix-openapi.json").standardizedFileURL.path

    /// The spec operation a captured request belongs to (the script's file-name convention).
    static func operation(_ r: ScriptedTransport.Request) -> String? {
        guard let rest = r.path.range(of: "/rest/") else { return nil }
        let path = "/" + r.path[rest.upperBound...]
        let rules: [(String, String)] = [
            (#"^/contact/$"#, "contact-create"), (#"^/contact/\d+$"#, "contact-update"), (#"^/contact/list$"#, "contact-list"),
            (#"^/task/$"#, "task-create"), (#"^/task/\d+$"#, "task-update"), (#"^/task/list$"#, "task-list"),
            (#"^/task/\d+/comments/$"#, "task-comment-create"), (#"^/user/list$"#, "user-list"), (#"^/object/list$"#, "object-list"),
        ]
        guard r.method == "POST" else { return nil }
        return rules.first { path.range(of: $0.0, options: .regularExpression) != nil }?.1
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func requireJSONSchema() throws {
        let check = try Self.run(["-c", "import jsonschema"])
        #expect(check.status == 0, "python3 cannot import jsonschema; install it (pip install jsonschema): \(check.output)")
        try #require(check.status == 0)
    }

    /// Calls every body-building client method once, with full payloads.
    func captureBodies() async throws -> [ScriptedTransport.Request] {
        let t = ScriptedTransport { r in
            if r.path.hasSuffix("/list") { return RemoteAnswer(status: 200, body: Array(#"{"result":"success","contacts":[],"tasks":[],"users":[],"objects":[]}"#.utf8)) }
            if r.path.hasSuffix("/") { return RemoteAnswer(status: 201, body: Array(#"{"result":"success","id":1}"#.utf8)) }
            return RemoteAnswer(status: 200, body: Array(#"{"result":"success"}"#.utf8))
        }
        let c = PlanfixClient(tenant: "acme", baseURL: URL(string: "http://127.0.0.1:1/planfix/acme/rest/")!, token: "contract-token",
                              budget: GuardHarness.fast, callGuard: harness.callGuard, transport: t)
        var contact = ContactDraft(template: 1, name: "Иван", midname: "Иванович", lastname: "Иванов", isCompany: false, email: "ivan@mail.com",
                                   description: "Создан по звонку UIS", phones: [PlanfixPhone(number: "+79101234567", type: 1)],
                                   supervisors: PlanfixPeople(users: [.user(22)], groups: [PlanfixRef(3)]),
                                   customFieldData: [PlanfixCustomFieldValue(field: 10, value: "Test string"), PlanfixCustomFieldValue(field: 20, value: 99),
                                                     PlanfixCustomFieldValue(field: 30, value: ["date": "11-11-2021"]), PlanfixCustomFieldValue(field: 70, value: true)])
        contact.gender = .male
        contact.address = "Москва"
        contact.site = "https://ivan.example"
        contact.telegram = "@ivan"
        contact.position = "manager"
        contact.group = PlanfixRef(1)
        _ = try await c.createContact(contact, holder: job())
        _ = try await c.updateContact(id: 12, ContactDraft(phones: [PlanfixPhone(number: "+79268545064", type: 2)],
                                                           supervisors: PlanfixPeople(users: [.user(22)], groups: [])), holder: job())
        _ = try await c.findContacts(phone: try #require(PhoneNumber(parsing: "89101234567")), holder: job())

        var task = TaskDraft(kind: .template(1), name: "Входящий звонок", description: "Клиент<br>[uis:call:1]", status: 2, assigner: .user(1),
                             assignees: PlanfixPeople(users: [.user(5), .contact(1)], groups: [PlanfixRef(3)]), counterparty: .contact(12),
                             customFieldData: [PlanfixCustomFieldValue(field: 90, value: ["id": 2]), PlanfixCustomFieldValue(field: 100, value: ["id": "contact:5"]),
                                               PlanfixCustomFieldValue(field: 50, value: "21-12-2021 12:15:00")])
        task.priority = .urgent
        task.processId = 4
        task.participants = PlanfixPeople(users: [.user(6)])
        task.auditors = PlanfixPeople(groups: [PlanfixRef(2)])
        task.parent = PlanfixRef(100)
        task.project = PlanfixRef(3)
        task.startDateTime = PlanfixTimePoint(date: "01-01-2023", time: "12:15")
        task.endDateTime = PlanfixTimePoint(date: "01-02-2023")
        _ = try await c.createTask(task, holder: job())
        task.kind = .object(7)
        _ = try await c.createTask(task, holder: job())

        var update = TaskUpdate(name: "n", description: "d", status: 6, assignees: PlanfixPeople(users: [.user(5)]), counterparty: .contact(5),
                                customFieldData: [PlanfixCustomFieldValue(field: 10, value: "x")])
        update.priority = .notUrgent
        update.assigner = .user(1)
        update.participants = PlanfixPeople(users: [.user(7)])
        update.auditors = PlanfixPeople(users: [.user(8)])
        update.parent = PlanfixRef(1)
        update.project = PlanfixRef(2)
        update.startDateTime = PlanfixTimePoint(date: "01-01-2023", time: "10:00")
        update.endDateTime = PlanfixTimePoint(date: "02-01-2023")
        _ = try await c.updateTask(id: 4711, update, silent: true, holder: job())

        _ = try await c.findTasks(filters: [.taskStatus([2, 3]), .taskStatus([2]), .taskCounterparty(.contact(1)), .taskNameContains("звонок"),
                                            .taskTemplateOrObject(1), .taskCreatedInLast(days: 7)], holder: job())
        _ = try await c.findTaskByMarker("[uis:call:1]", scope: .recentTasks(templateOrObject: 1), holder: job())
        _ = try await c.findTaskByMarker("[uis:call:1]", scope: .customField(id: 101), holder: job())
        _ = try await c.addTaskComment(taskId: 9, CommentDraft(description: "Звонок<br>запись", owner: .user(5), isHidden: false, isPinned: true,
                                                               recipients: PlanfixRecipients(users: [.user(5)], groups: [PlanfixRef(1)], roles: [.assignee, .auditor]),
                                                               files: [PlanfixRef(1245)]), holder: job())
        _ = try await c.addTaskComment(taskId: 9, description: "коротко", holder: job())
        _ = try await c.listUsers(onlyActive: true, holder: job())
        _ = try await c.findUsers(extension: "101", holder: job())
        _ = try await c.objects(holder: job())
        return t.requests
    }

    @Test func everyRequestBodyTheClientBuildsValidatesAgainstTheSpec() async throws {
        try requireJSONSchema()
        let requests = try await captureBodies().filter { $0.method == "POST" }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("planfix-bodies-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var operations = Set<String>()
        for (i, r) in requests.enumerated() {
            let op = try #require(Self.operation(r), "no spec operation for POST \(r.path)")
            operations.insert(op)
            try Data(r.body).write(to: dir.appendingPathComponent("\(op).\(i).json"))
        }
        #expect(operations == ["contact-create", "contact-update", "contact-list", "task-create", "task-update", "task-list",
                               "task-comment-create", "user-list", "object-list"])
        let result = try Self.run([Self.script, dir.path, "--spec", Self.spec])
        #expect(result.status == 0, "validation failed:\n\(result.output)")
        #expect(!result.output.contains("FAIL"), "\(result.output)")
        #expect(result.output.contains("\(requests.count) file(s), 0 invalid"), "\(result.output)")
    }

    @Test func theValidatorRejectsAnInventedFieldAndAWrongFilterType() throws {
        try requireJSONSchema()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("planfix-bad-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"name":"x","phone":"+79101234567"}"#.utf8).write(to: dir.appendingPathComponent("contact-create.bad.json"))
        try Data(#"{"offset":0,"pageSize":100,"filters":[{"type":4444,"operator":"equal","value":"1"}]}"#.utf8)
            .write(to: dir.appendingPathComponent("contact-list.bad.json"))
        try Data(#"{"counterparty":{"id":5}}"#.utf8).write(to: dir.appendingPathComponent("task-update.numeric-person.json"))
        let result = try Self.run([Self.script, dir.path, "--spec", Self.spec])
        #expect(result.status == 1)
        #expect(result.output.contains("'phone' was unexpected"), "\(result.output)")
        #expect(result.output.contains("4444 is not one of"), "\(result.output)")
        #expect(result.output.contains("3 file(s), 3 invalid"), "\(result.output)")
    }
}
