import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// The chats and leads flow end to end as real processes: UIS chat and lead notifications POSTed to the ingest,
/// the chats worker, the sandbox playing Planfix and UIS (its reports are the records), a private redis-server.
/// Each scenario asserts the exact Planfix contacts, tasks and comments the sandbox received.
@Suite(.serialized) struct ChatScenarioTests {
    static let secret = "chat-scenario-secret-0123456789"
    static let tenants = """
        {"tenants":[{"id":"acme","planfix":{"account":"acme","token":"pf-token","telephonyToken":"tel-token","requestsPerSecond":10,
          "taskTemplates":[{"id":250,"name":"Чат"}],
          "objects":[{"id":18,"name":"Заявка","statuses":[{"id":1,"name":"Новая","isActive":true}]}],
          "contacts":[{"id":500,"name":"Постоянный клиент","phones":[{"number":"+79001112233","type":1}]}]},
         "uis":{"accessToken":"uis-token"},
         "users":[{"id":5,"name":"Борис","lastname":"Ким","active":true},{"id":12,"name":"Вера","lastname":"Орлова","active":true}]}]}
        """

    final class Fleet: @unchecked Sendable {
        let sandbox: SandboxProcess
        let redisServer: RedisServer
        let redis: RedisClient
        let ingestPort: Int
        let metricsPort: Int
        var processes: [FleetProcess] = []

        /// `configure` adjusts settings/tenant.example.json (chats: tag trigger «Целевой», template 250, repeat → contact;
        /// leads: object 18, responsible 12, DataAPI leads filtered out).
        init(_ configure: (inout TenantSettings) -> Void = { _ in }) async throws {
            sandbox = try await SandboxProcess(tenants: ChatScenarioTests.tenants)
            redisServer = try RedisServer()
            redis = RedisClient(resolver: redisServer.resolver, name: "chat-scenario")
            var settings = try TenantSettings.parse(Data(contentsOf: Executables.packageRoot.appendingPathComponent("settings/tenant.example.json"))).get()
            settings.connection.planfixRestURL = "\(sandbox.url)/planfix/acme/rest/"
            settings.connection.planfixRestToken = "pf-token"
            settings.connection.uisDataAPIURL = "\(sandbox.url)/uis/dataapi/v2.0"
            settings.connection.uisDataAPIToken = "uis-token"
            settings.connection.webhookSecret = ChatScenarioTests.secret
            settings.telephony.enabled = false
            configure(&settings)
            _ = try await TenantOperations(redis: redis).importDocument(tenant: "acme", bytes: Array(try JSONEncoder().encode(settings.json)))
            try await EmployeeDirectory(redis: redis).replace(tenant: "acme", mappings: [
                EmployeeMapping(planfixUserId: 5, uisEmployeeId: 26, extension: "102", name: "Ким Борис", email: nil, matchedBy: .email),
                EmployeeMapping(planfixUserId: 12, uisEmployeeId: 27, extension: "103", name: "Орлова Вера", email: nil, matchedBy: .email),
            ])
            ingestPort = try FreePort.find()
            let env = ["REDIS_URL": redisServer.url, "FLEET_HEARTBEAT_TTL_MS": "1000", "FLEET_PROMOTE_INTERVAL_MS": "50", "FLEET_LOG_LEVEL": "info"]
            processes.append(try FleetProcess("ingest", environment: env.merging(["INGEST_PORT": "\(ingestPort)"]) { $1 }))
            metricsPort = try FreePort.find()
            processes.append(try FleetProcess("chats", environment: env.merging(["FLEET_METRICS_PORT": "\(metricsPort)"]) { $1 }))
            let port = ingestPort
            guard try await eventually({ (try? await HTTPProbe.get(port: port, path: "/healthz"))?.status == 200 }) else {
                throw TestSupportError("ingest did not start")
            }
        }

        deinit { for p in processes where p.isRunning { p.kill(SIGKILL) } }

        /// POSTs one notification to `/uis/chats` or `/uis/leads` and expects it accepted.
        func notify(_ route: String, _ fields: String) async throws {
            let body = "{\(fields)}"
            let request = "POST /hooks/acme/\(ChatScenarioTests.secret)/uis/\(route) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            let answer = try await HTTPProbe.raw(port: ingestPort, request)
            guard answer.hasPrefix("HTTP/1.1 200") else { throw TestSupportError("ingest answered \(answer.prefix(120))") }
        }

        /// Adds or replaces UIS report rows (`chats`, `chat_messages`, `offline_messages`, `visitors`).
        func seed(_ kind: String, _ rows: String) async throws {
            try await sandbox.admin("POST", "/_admin/uis/\(kind)", json: #"{"tenant":"acme","rows":[\#(rows)]}"#)
        }

        func ledger() async throws -> [[String: Any]] {
            let answer = try await HTTPProbe.get(port: sandbox.port, path: "/_admin/ledger?tenant=acme")
            return answer.body.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }

        func effects(_ operation: String) async throws -> [[String: Any]] {
            try await ledger().filter { $0["kind"] as? String == "effect" && $0["op"] as? String == operation }.compactMap { $0["details"] as? [String: Any] }
        }

        func requests(_ operation: String) async throws -> Int {
            try await ledger().filter { $0["kind"] as? String == "request" && $0["op"] as? String == operation && $0["status"] as? Int == 200 }.count
        }

        /// Planfix's contacts, tasks and comments as the sandbox holds them.
        func planfix() async throws -> (contacts: [[String: Any]], tasks: [[String: Any]], comments: [[String: Any]]) {
            let answer = try await HTTPProbe.get(port: sandbox.port, path: "/_admin/state?tenant=acme")
            let state = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
            let pf = try #require(state["planfix"] as? [String: Any])
            return (pf["contacts"] as? [[String: Any]] ?? [], pf["tasks"] as? [[String: Any]] ?? [], pf["comments"] as? [[String: Any]] ?? [])
        }

        /// Contacts the fleet created (the seeded one, 500, excluded).
        func createdContacts() async throws -> [[String: Any]] { try await planfix().contacts.filter { $0["id"] as? Int != 500 } }

        func state(_ communicationId: Int64) async throws -> TextCommunicationState? {
            try await TextCommunicationStateStore(redis: redis).load(tenant: "acme", communicationId: communicationId)
        }

        /// POSTs to the sandbox's Planfix REST API as the tenant's robot would. - Returns: the created id.
        func planfixPost(_ path: String, _ body: String) async throws -> Int {
            let request = "POST /planfix/acme/rest/\(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer pf-token\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            let answer = try await HTTPProbe.raw(port: sandbox.port, request)
            guard let range = answer.range(of: #""id":[0-9]+"#, options: .regularExpression), let id = Int(answer[range].dropFirst(5)) else {
                throw TestSupportError("Planfix POST \(path) answered \(answer.prefix(200))")
            }
            return id
        }

        /// The chats worker's `/metrics`.
        func metrics() async throws -> String { try await HTTPProbe.get(port: metricsPort, path: "/metrics").body }

        func poll() async throws {
            let at = WallClock.epochMillis() + ChatPoller.settle.milliseconds + 60_000
            let job = JobEnvelope(kind: FleetJobs.Kind.chatsPoll, tenant: "acme", payload: try JSONValue(encoding: ChatPollJob(scheduledAt: at)))
            try await JobQueue(name: FleetJobs.Queue.chats, redis: redis).enqueue(job)
        }
    }

    static func phones(_ contact: [String: Any]) -> [String] { (contact["phones"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String } }
    static func assignees(_ task: [String: Any]) -> [String] {
        ((task["assignees"] as? [String: Any])?["users"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
    static func counterparty(_ task: [String: Any]) -> String? { (task["counterparty"] as? [String: Any])?["id"] as? String }
    static func ref(_ task: [String: Any], _ key: String) -> Int? { (task[key] as? [String: Any])?["id"] as? Int }

    static let closedTelegramChat = #""status":"succeed","visitor_id":3001,"chat_channel_type":"telegram","chat_channel_name":"Telegram-бот","site_domain_name":"shop.example.ru""#
    static let transcriptRows = """
        {"id":1,"chat_id":7001,"date_time":"2026-11-26 12:00:01","source":"visitor","text":"Здравствуйте, есть доставка?"},
        {"id":2,"chat_id":7001,"date_time":"2026-11-26 12:00:20","source":"operator","employee_full_name":"Анна Смирнова","text":"Да, <завтра>"},
        {"id":3,"chat_id":7001,"date_time":"2026-11-26 12:00:40","source":"visitor","text":"","resource":{"file_url":"https://files.example/a.jpg","file_name":"a.jpg"}}
        """
    static let transcript = "<b>Переписка в чате 7001</b><br>[12:00:01] Посетитель: Здравствуйте, есть доставка?<br>"
        + "[12:00:20] Анна Смирнова: Да, &lt;завтра&gt;<br>[12:00:40] Посетитель: Файл: <a href=\"https://files.example/a.jpg\">a.jpg</a>"

    @Test func aLeadWithAPhoneMakesItsContactAndTask() async throws {
        let f = try await Fleet()
        try await f.seed("offline_messages", #"""
            {"id":801,"communication_id":90001,"visitor_name":"Мария","visitor_phone_number":79161234567,"visitor_email":"maria@example.ru",
             "text":"Перезвоните мне","form_type":"Стандартная","form_name":"Обратный звонок","site_domain_name":"shop.example.ru","utm_campaign":"spring"}
            """#)
        try await f.notify("leads", #""event":"lead_received","communication_id":90001,"visitor_name":"Мария""#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.effects("task.created").count == 1 })
        let (contacts, tasks, _) = try await f.planfix()
        let contact = try #require(contacts.first { $0["id"] as? Int != 500 })
        #expect(contact["name"] as? String == "Мария +79161234567")
        #expect(Self.phones(contact) == ["+79161234567"] && contact["email"] as? String == "maria@example.ru")
        let task = try #require(tasks.first)
        #expect(task["name"] as? String == "Заявка с сайта shop.example.ru от Мария (+79161234567)")
        #expect(Self.ref(task, "object") == 18 && Self.assignees(task) == ["user:12"])
        #expect(Self.counterparty(task) == "contact:\(contact["id"] as? Int ?? 0)")
        let description = task["description"] as? String ?? ""
        #expect(description.contains("Текст заявки: Перезвоните мне") && description.contains("Форма: Обратный звонок"), "\(description)")
        #expect(description.hasSuffix("uisplanfix:lead:90001"))
        #expect(((task["customFieldData"] as? [[String: Any]]) ?? []).contains { $0["value"] as? String == "spring" }, "utm_campaign → field 110")
        #expect(try await f.effects("contact.created").count == 1)
        // The deals flow will link this task to the lead that created it.
        let taskId = try #require(task["id"] as? Int)
        #expect(try await TaskOriginStore(redis: f.redis).origin(tenant: "acme", taskId: Int64(taskId)) == .lead(90001))
    }

    @Test func aLeadFromARepeatClientWithThePhoneWrittenDifferentlyUsesTheirContact() async throws {
        // The site goes to the contact's field 130 on every lead ("always update"), utm_campaign to the task only on creation.
        let f = try await Fleet { $0.leads.fields.append(FieldMapping(parameter: "site", target: .contact, fieldId: 130, type: .string, mode: .always)) }
        try await f.seed("offline_messages", #"""
            {"id":802,"communication_id":90002,"visitor_name":"Пётр","visitor_phone_number":"8 (900) 111-22-33","text":"Нужен счёт","form_type":"Стандартная","site_domain_name":"shop.example.ru"}
            """#)
        try await f.notify("leads", #""event":"lead_received","communication_id":90002"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.effects("task.created").count == 1 })
        let task = try #require(try await f.planfix().tasks.first)
        #expect(Self.counterparty(task) == "contact:500")
        #expect(task["name"] as? String == "Заявка с сайта shop.example.ru от Пётр (+79001112233)")
        #expect(Self.ref(task, "object") == 18 && Self.assignees(task) == ["user:12"])
        #expect(try await f.createdContacts().isEmpty, "the client was found by phone, no second contact")
        #expect(try await f.state(90002)?.isRepeat == true)
        let client = try #require(try await f.planfix().contacts.first { $0["id"] as? Int == 500 })
        #expect((client["customFieldData"] as? [[String: Any]] ?? []).contains { ($0["field"] as? [String: Any])?["id"] as? Int == 130
            && $0["value"] as? String == "shop.example.ru" }, "\(client)")
    }

    @Test func aChatCreatedAtItsStartGetsItsTranscriptOnTheSameTaskWhenClosed() async throws {
        let f = try await Fleet { $0.chats.trigger = .chatStart }
        try await f.seed("chats", #"{"id":7001,"communication_id":91001,"status":"active","visitor_id":3001,"visitor_phone_number":79005550011,"chat_channel_type":"telegram","chat_channel_name":"Telegram-бот","chat_username":"ivan_p"}"#)
        try await f.seed("visitors", #"{"id":3001,"name":"Иван","phones":["79005550011"],"emails":["ivan@example.ru"],"usernames":["ivan_p"]}"#)
        try await f.notify("chats", #""event":"chat_started","communication_id":91001"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.effects("task.created").count == 1 })
        var pf = try await f.planfix()
        let contact = try #require(pf.contacts.first { $0["id"] as? Int != 500 })
        #expect(contact["name"] as? String == "Иван +79005550011" && contact["email"] as? String == "ivan@example.ru")
        #expect(contact["telegram"] as? String == "@ivan_p")
        let task = try #require(pf.tasks.first)
        #expect(task["name"] as? String == "Чат Telegram-бот с посетителем +79005550011")
        #expect(Self.ref(task, "template") == 250 && Self.assignees(task) == ["user:5"], "telegram chats go to employee 5 by rule")
        #expect((task["description"] as? String ?? "").contains("Ссылка на чат: <a href=\"https://app.uiscom.ru/chats/7001\">"))
        #expect(pf.comments.isEmpty, "no transcript while the chat is open")

        try await f.seed("chats", #"{"id":7001,"communication_id":91001,"visitor_id":3001,"visitor_phone_number":79005550011,\#(Self.closedTelegramChat)}"#)
        try await f.seed("chat_messages", Self.transcriptRows)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91001"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.effects("comment.added").count == 1 })
        pf = try await f.planfix()
        #expect(pf.comments.map { $0["description"] as? String } == [Self.transcript])
        #expect(pf.comments.first?["taskId"] as? Int == task["id"] as? Int)
        #expect(pf.tasks.count == 1 && pf.contacts.count == 2, "one chat, one task, one contact")
    }

    @Test func aChatWithTheEndTriggerIsCreatedOnlyWhenItCloses() async throws {
        let f = try await Fleet { $0.chats.trigger = .chatEnd }
        try await f.seed("chats", #"{"id":7002,"communication_id":91002,"status":"active","visitor_phone_number":79005550012,"chat_channel_type":"comagic","chat_channel_name":"Чат на сайте"}"#)
        try await f.notify("chats", #""event":"chat_started","communication_id":91002"#)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.requests("get.chats_report") >= 1 })
        try await Task.sleep(for: .seconds(1))
        #expect(try await f.effects("task.created").isEmpty, "an open chat waits for its end")
        #expect(try await f.createdContacts().isEmpty)

        try await f.seed("chats", #"{"id":7002,"communication_id":91002,"status":"lost","visitor_phone_number":79005550012,"chat_channel_type":"comagic","chat_channel_name":"Чат на сайте"}"#)
        try await f.seed("chat_messages", #"{"id":11,"chat_id":7002,"date_time":"2026-11-26 12:01:00","source":"visitor","text":"Есть кто?"}"#)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91002"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.effects("comment.added").count == 1 })
        let pf = try await f.planfix()
        #expect(pf.tasks.map { $0["name"] as? String } == ["Чат Чат на сайте с посетителем +79005550012"])
        #expect(Self.assignees(try #require(pf.tasks.first)) == ["user:12"], "the default responsible")
        #expect(pf.comments.map { $0["description"] as? String } == ["<b>Переписка в чате 7002</b><br>[12:01:00] Посетитель: Есть кто?"])
        #expect(try await f.createdContacts().map { $0["name"] as? String } == ["+79005550012"])
    }

    @Test func aTagSetAfterTheChatEndedTriggersContactTaskAndTranscript() async throws {
        let f = try await Fleet()  // trigger: tag «Целевой»
        try await f.seed("chats", #"{"id":7001,"communication_id":91003,"visitor_id":3001,"visitor_phone_number":79005550013,\#(Self.closedTelegramChat)}"#)
        try await f.seed("chat_messages", Self.transcriptRows)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91003"#)
        #expect(try await eventually(timeout: .seconds(20)) { try await f.requests("get.chats_report") >= 1 })
        try await Task.sleep(for: .seconds(1))
        #expect(try await f.effects("task.created").isEmpty, "no tag yet")

        try await f.seed("chats", #"{"id":7001,"communication_id":91003,"visitor_id":3001,"visitor_phone_number":79005550013,"tags":[{"tag_id":4,"tag_name":"Целевой"}],\#(Self.closedTelegramChat)}"#)
        try await f.notify("chats", #""event":"chat_tag_set","communication_id":91003,"tag_names":"Целевой""#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.effects("comment.added").count == 1 })
        let pf = try await f.planfix()
        #expect(pf.tasks.count == 1 && pf.tasks.first?["name"] as? String == "Чат Telegram-бот с посетителем +79005550013")
        #expect(pf.comments.map { $0["description"] as? String } == [Self.transcript])
        #expect(try await f.createdContacts().count == 1)
    }

    @Test func aRepeatMessengerChatFindsItsContactThroughTheUsernameTheFleetLinked() async throws {
        let f = try await Fleet { $0.chats.trigger = .chatEnd }  // repeat chats: contact only
        try await f.seed("chats", #"{"id":7011,"communication_id":91011,"status":"succeed","visitor_id":3011,"chat_channel_type":"telegram","chat_channel_name":"Бот","chat_username":"@Olga_K"}"#)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91011"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.state(91011)?.outcome == .processed })
        let first = try await f.createdContacts()
        #expect(first.map { $0["telegram"] as? String } == ["@Olga_K"] && first.map { $0["name"] as? String } == ["Посетитель сайта"])
        // Another chat of the same Telegram user from another UIS visitor, no phone: a repeat chat.
        try await f.seed("chats", #"{"id":7012,"communication_id":91012,"status":"succeed","visitor_id":3012,"chat_channel_type":"telegram","chat_channel_name":"Бот","chat_username":"olga_k"}"#)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91012"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.state(91012)?.outcome == .processed })
        let second = try #require(try await f.state(91012))
        #expect(second.isRepeat == true && second.contactId == first.first?["id"] as? Int && second.taskId == nil)
        #expect(try await f.createdContacts().count == 1, "the same contact")
        #expect(try await f.effects("task.created").count == 1, "primary: contact and task; repeat: contact only")
    }

    @Test func aRunThatDiedAfterPlanfixCreatedTheContactAndTaskIsResumedWithoutDuplicates() async throws {
        let f = try await Fleet { $0.chats.trigger = .chatEnd }
        try await f.seed("chats", #"{"id":7001,"communication_id":91013,"visitor_phone_number":79005550023,\#(Self.closedTelegramChat)}"#)
        try await f.seed("chat_messages", Self.transcriptRows)
        // What an earlier run left: it decided "primary", then Planfix created the contact and the task (with the
        // communication's marker), and the worker died before the effect store recorded either. Its claims name a
        // heartbeat that is gone, and its intents (written right before each create call) are still there.
        var earlier = TextCommunicationState()
        earlier.isRepeat = false
        earlier.firstSeenAt = WallClock.epochMillis()
        try await TextCommunicationStateStore(redis: f.redis).save(tenant: "acme", communicationId: 91013, earlier)
        let contact = try await f.planfixPost("contact/", #"{"name":"+79005550023","phones":[{"number":"+79005550023","type":1}]}"#)
        let task = try await f.planfixPost("task/", #"{"template":{"id":250},"name":"Чат","description":"Чат<br>uisplanfix:chat:91013","counterparty":{"id":"contact:\#(contact)"}}"#)
        let keys = TenantKeys(tenant: "acme")
        for (effect, note) in [("text:91013:contact", ""), ("text:91013:task", "contact:\(contact)")] {
            _ = try await f.redis.pipeline([RedisCommand("SET", keys.effectClaim(effect), "1|fleet:dead-consumer-heartbeat"),
                                            RedisCommand("SET", keys.effectIntent(effect), note)])
        }
        try await f.notify("chats", #""event":"chat_finished","communication_id":91013"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.effects("comment.added").count == 1 })
        let pf = try await f.planfix()
        #expect(pf.tasks.count == 1 && pf.comments.first?["taskId"] as? Int == task, "the transcript went to the task the dead run made")
        #expect(try await f.createdContacts().count == 1, "the contact was found by its phone, not made again")
        let state = try #require(try await f.state(91013))
        #expect(state.contactId == contact && state.taskId == task && state.transcriptAdded)
    }

    @Test func aChatWithoutContactDataIsSkippedWhenTheOptionIsOff() async throws {
        let f = try await Fleet { $0.chats.trigger = .chatEnd }
        try await f.seed("chats", #"{"id":7004,"communication_id":91004,"status":"succeed","visitor_id":3004,"chat_channel_type":"comagic"}"#)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91004"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.state(91004)?.outcome == .skippedWithoutContactData })
        #expect(try await f.metrics().contains(#"chats_communications_total{flow="chat",result="skipped_without_contact_data"} 1"#), "counted")
        #expect(try await f.effects("task.created").isEmpty)
        #expect(try await f.createdContacts().isEmpty)
    }

    @Test func chatsWithoutContactDataEachMakeANewContactAndTaskWhenTheOptionIsOn() async throws {
        let f = try await Fleet { $0.chats.trigger = .chatEnd; $0.chats.passWithoutContactData = true }
        try await f.seed("chats", #"{"id":7005,"communication_id":91005,"status":"succeed","visitor_id":3005,"chat_channel_type":"comagic"},{"id":7006,"communication_id":91006,"status":"succeed","visitor_id":3005,"chat_channel_type":"comagic"}"#)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91005"#)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91006"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.effects("task.created").count == 2 })
        let contacts = try await f.createdContacts()
        #expect(contacts.map { $0["name"] as? String } == ["Посетитель сайта", "Посетитель сайта"], "each chat, a new contact")
        let tasks = try await f.planfix().tasks
        #expect(Set(tasks.compactMap(Self.counterparty)) == Set(contacts.compactMap { ($0["id"] as? Int).map { "contact:\($0)" } }))
    }

    @Test func aChatTheFilterRejectsMakesNothing() async throws {
        let f = try await Fleet {
            $0.chats.trigger = .chatEnd
            $0.chats.flow.filter = FilterSetting(enabled: true, rule: .condition(FilterCondition(.site, .is, ["shop.example.ru"])))
        }
        try await f.seed("chats", #"{"id":7007,"communication_id":91007,"status":"succeed","visitor_phone_number":79005550017,"site_domain_name":"other.example.ru"}"#)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91007"#)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.state(91007)?.outcome == .filtered })
        #expect(try await f.effects("task.created").isEmpty)
        #expect(try await f.createdContacts().isEmpty)
    }

    @Test func aChatAndALeadThatOnlyThePollerSeesAreProcessedOnce() async throws {
        let f = try await Fleet { $0.chats.trigger = .chatEnd }
        try await f.seed("chats", #"{"id":7008,"communication_id":91008,"status":"succeed","visitor_phone_number":79005550018,"chat_channel_type":"whatsapp","chat_channel_name":"WhatsApp"}"#)
        try await f.seed("chat_messages", #"{"id":21,"chat_id":7008,"date_time":"2026-11-26 12:02:00","source":"visitor","text":"Добрый день"}"#)
        // A lead that the chats report also shows as a chat of type offline_message: one communication.
        try await f.seed("offline_messages", #"{"id":808,"communication_id":91009,"visitor_name":"Ольга","visitor_phone_number":79005550019,"form_type":"Стандартная","text":"Заказ","site_domain_name":"shop.example.ru"}"#)
        try await f.seed("chats", #"{"id":7009,"communication_id":91009,"status":"succeed","visitor_phone_number":79005550019,"chat_channel_type":"offline_message"}"#)
        try await f.poll()
        #expect(try await eventually(timeout: .seconds(30)) {
            let comments = try await f.effects("comment.added").count, tasks = try await f.effects("task.created").count
            return comments == 1 && tasks == 2
        })
        let pf = try await f.planfix()
        #expect(Set(pf.tasks.compactMap { $0["name"] as? String }) == ["Чат WhatsApp с посетителем +79005550018", "Заявка с сайта shop.example.ru от Ольга (+79005550019)"])
        #expect(try await f.effects("task.created").compactMap { $0["marker"] as? String }.sorted() == ["uisplanfix:chat:91008", "uisplanfix:lead:91009"])
        #expect(pf.comments.map { $0["description"] as? String } == ["<b>Переписка в чате 7008</b><br>[12:02:00] Посетитель: Добрый день"])
        #expect(try await f.createdContacts().count == 2)
        // A second run finds nothing left to do.
        try await f.poll()
        try await Task.sleep(for: .seconds(2))
        #expect(try await f.effects("task.created").count == 2)
        #expect(try await f.effects("comment.added").count == 1)
    }

    @Test func theSameChatNotifiedTwiceAndPolledOnceIsTaskedOnce() async throws {
        let f = try await Fleet { $0.chats.trigger = .chatEnd }
        try await f.seed("chats", #"{"id":7001,"communication_id":91010,"visitor_id":3001,"visitor_phone_number":79005550020,\#(Self.closedTelegramChat)}"#)
        try await f.seed("chat_messages", Self.transcriptRows)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91010"#)
        try await f.notify("chats", #""event":"chat_finished","communication_id":91010"#)
        try await f.poll()
        #expect(try await eventually(timeout: .seconds(30)) { try await f.effects("comment.added").count == 1 })
        try await Task.sleep(for: .seconds(2))
        let pf = try await f.planfix()
        #expect(pf.tasks.count == 1 && pf.comments.count == 1 && pf.contacts.count == 2)
        #expect(try await f.effects("task.created").compactMap { $0["marker"] as? String } == ["uisplanfix:chat:91010"])
    }
}
