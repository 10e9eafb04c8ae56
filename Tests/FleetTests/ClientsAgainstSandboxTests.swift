import Foundation
import Testing
import TestSupport
@testable import Shared

/// Every client call against the sandbox over real sockets, through the real guard (Redis), the fleet's HTTP
/// client and the sandbox's OpenAPI validation. The tenant allows 50 requests/s so the test does not wait.
@Suite(.serialized) struct ClientsAgainstSandboxTests {
    static func fastTenants() throws -> String {
        let example = try String(contentsOf: Executables.packageRoot.appendingPathComponent("sandbox/tenants.example.json"), encoding: .utf8)
        return example.replacingOccurrences(of: "\"requestsPerSecond\": 1,", with: "\"requestsPerSecond\": 50,")
    }

    let fast = RateBudget(perSecond: 40, burst: 10)

    func setUp() async throws -> (SandboxProcess, RedisServer, RemoteCallGuard) {
        let sandbox = try await SandboxProcess(tenants: try Self.fastTenants())
        let redis = try RedisServer()
        return (sandbox, redis, RemoteCallGuard(redis: RedisClient(resolver: redis.resolver), logger: Logger(process: "test", sink: .memory())))
    }

    @Test func planfixRESTCalls() async throws {
        let (sandbox, redisServer, callGuard) = try await setUp()
        _ = redisServer
        let client = PlanfixClient(tenant: "acme", baseURL: URL(string: "\(sandbox.url)/planfix/acme/rest/")!, token: "pf-token",
                                   budget: fast, callGuard: callGuard)
        let h = "job-1"
        try await client.ping(holder: h)
        let phone = try #require(PhoneNumber(parsing: "8 (905) 555-12-34"))
        let contactId = try await client.createContact(ContactDraft(template: 1, name: "Мария", lastname: "Кузнецова",
                                                                    phones: [PlanfixPhone(number: phone.e164)]), holder: h)
        let found = try await client.findContacts(phone: phone, holder: h)
        #expect(found.contains { $0.id.number == contactId })
        #expect(try await client.getContact(id: contactId, holder: h).name == "Мария")
        _ = try await client.updateContact(id: contactId, ContactDraft(email: "maria@example.com"), holder: h)
        let marker = EffectMarker.call("777")
        let taskId = try await client.createTask(TaskDraft(kind: .template(1), name: "Входящий звонок", description: "Звонок<br>\(marker)",
                                                           counterparty: .contact(contactId)), holder: h)
        #expect(try await client.getTask(id: taskId, holder: h).name == "Входящий звонок")
        _ = try await client.updateTask(id: taskId, TaskUpdate(status: 2), holder: h)
        #expect(try await client.getTask(id: taskId, holder: h).status?.id == 2)
        _ = try await client.addTaskComment(taskId: taskId, description: "Запись разговора", holder: h)
        let byMarker = try await client.findTaskByMarker(marker, scope: .recentTasks(templateOrObject: 1), holder: h)
        #expect(byMarker?.id.number == taskId)
        #expect(try await client.findTaskByMarker(EffectMarker.call("nope"), scope: .recentTasks(templateOrObject: 1), holder: h) == nil)
        #expect(try await client.listUsers(holder: h).count >= 1)
        #expect(try await client.findUsers(extension: "101", holder: h).first?.id.number == 1)
        #expect(try await !client.taskTemplates(holder: h).isEmpty)
        _ = try await client.customFields(of: .task, holder: h)
        _ = try await client.objects(holder: h)
        // A missing entity is a permanent failure with Planfix's code.
        do {
            _ = try await client.getContact(id: 999_999, holder: h)
            Issue.record("an unknown contact was found")
        } catch let failure as JobFailure {
            #expect(failure.kind == .permanent)
            #expect(failure.message.contains("2000"))
        }
        // A wrong token pauses the tenant.
        let wrong = PlanfixClient(tenant: "acme", baseURL: client.baseURL, token: "wrong-token-123", budget: fast, callGuard: callGuard)
        do {
            try await wrong.ping(holder: h)
            Issue.record("a wrong token was accepted")
        } catch let failure as JobFailure {
            #expect(failure.errorClass == "planfix-rest-credentials")
        }
    }

    @Test func planfixTelephonyCalls() async throws {
        let (sandbox, redisServer, callGuard) = try await setUp()
        _ = redisServer
        let tel = PlanfixTelephonyClient(tenant: "acme", url: URL(string: "\(sandbox.url)/planfix/acme/tel/api")!, token: "tel-token",
                                         callGuard: callGuard)
        let h = "job-2"
        _ = try await tel.ping(holder: h)
        try await tel.event(PlanfixCallEvent(direction: .incoming, kind: .incoming, phone: "79035550000", ext: "101", callId: "c-1"), holder: h)
        try await tel.event(PlanfixCallEvent(direction: .incoming, kind: .completed, phone: "79035550000", ext: "101", callId: "c-1",
                                             duration: 42, isRecorded: true, status: .success), holder: h)
        try await tel.record(callId: "c-1", link: "https://records.example/c-1.mp3?a=1&b=2", holder: h)
        let known = try await tel.contact(phone: "79161112233", holder: h)
        #expect(known?.name == "Смирнова Анна")
        #expect(known?.responsibleExtension == "101")
        // Planfix creates the contact itself on the first telephony event for an unknown phone.
        #expect(try await tel.contact(phone: "79035550000", holder: h) != nil)
    }

    @Test func uisDataAndCallAPICalls() async throws {
        let (sandbox, redisServer, callGuard) = try await setUp()
        _ = redisServer
        let data = UISDataClient(tenant: "acme", token: "uis-token", url: URL(string: "\(sandbox.url)/uis/dataapi/v2.0")!,
                                 budget: fast, callGuard: callGuard)
        let h = "job-3"
        let employees = try await data.getEmployees(holder: h)
        #expect(employees.rows.contains { $0.id == 25 })
        let day: TimeInterval = 86_400
        let calls = try await data.getCallsReport(from: Date(timeIntervalSince1970: 1_777_593_600 - day), till: Date(timeIntervalSince1970: 1_777_593_600 + 40 * day), holder: h)
        #expect(calls.rows.contains { $0.id == 998677427 })
        _ = try await data.getChatsReport(from: Date().addingTimeInterval(-day), till: Date(), holder: h)
        _ = try await data.getOfflineMessagesReport(from: Date().addingTimeInterval(-day), till: Date(), holder: h)
        let call = UISCallClient(tenant: "acme", token: "uis-token", url: URL(string: "\(sandbox.url)/uis/callapi/v4.0")!,
                                 budget: fast, callGuard: callGuard)
        let started = try await call.startEmployeeCall(UISEmployeeCallRequest(virtualPhoneNumber: "74993720692", contact: "79161112233",
                                                                              employee: .init(id: 25)), holder: h)
        #expect(started.data > 0)
        let bad = UISDataClient(tenant: "acme", token: "not-a-token", url: URL(string: "\(sandbox.url)/uis/dataapi/v2.0")!, budget: fast, callGuard: callGuard)
        do {
            _ = try await bad.getEmployees(holder: h)
            Issue.record("a wrong UIS token was accepted")
        } catch let failure as JobFailure {
            #expect(failure.errorClass == "uis-data-credentials")
        }
    }
}
