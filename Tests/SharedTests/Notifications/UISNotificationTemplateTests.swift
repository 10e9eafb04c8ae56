import Foundation
import Testing
@testable import Shared

@Suite struct UISNotificationTemplateTests {
    @Test func eightTypesWithTheirLiteralsAndLKNames() {
        #expect(UISCallEventType.allCases.map(\.discriminator) == [
            "incoming_call", "waiting_for_answer", "talk_started", "talk_finished", "call_finished", "lost_call",
            "recording_ready", "outgoing_call",
        ])
        #expect(UISCallEventType.callFinished.lkName == "Завершение звонка")
        #expect(UISCallEventType.incomingCall.lkName == "Входящий звонок на виртуальный номер")
        #expect(Set(UISCallEventType.allCases.map(\.lkName)).count == 8)
        for t in UISCallEventType.allCases {
            #expect(UISCallEventType(discriminator: t.discriminator) == t)
            #expect(t.variables.contains("call_session_id"))
            #expect(Set(t.variables).count == t.variables.count, "no duplicate variable in \(t)")
        }
        #expect(UISCallEventType(discriminator: "call_end") == nil)
    }

    @Test func variablesFollowTheReferenceTable() {
        #expect(UISCallEventType.waitingForAnswer.variables.contains("leg_id"))
        #expect(!UISCallEventType.talkStarted.variables.contains("leg_id") && UISCallEventType.talkStarted.variables.contains("leg_ids"))
        #expect(UISCallEventType.talkFinished.variables.contains("talk_time_duration"))
        #expect(UISCallEventType.lostCall.variables.contains("employee_ids"))
        #expect(UISCallEventType.recordingReady.variables.contains("file_link"))
        #expect(UISCallEventType.outgoingCall.variables.contains("employee_phone_number"))
        #expect(UISCallEventType.callFinished.variables.count == 17)
    }

    @Test(arguments: UISCallEventType.allCases)
    func bodyTemplateFilledWithSamplesParsesBack(_ type: UISCallEventType) throws {
        let template = UISNotificationTemplates.body(type)
        #expect(template.hasPrefix("{\"event\":\"\(type.discriminator)\""))
        #expect(UISNotificationTemplates.placeholders(in: template) == type.variables)
        #expect(!template.contains("\"{{"), "placeholders must be unquoted")
        let filled = UISNotificationTemplates.fill(template, UISNotificationSamples.literal)
        #expect(!filled.contains("{{"))
        let n = try UISCallNotification.parse(body: Data(filled.utf8))
        #expect(n.type == type && n.callSessionId == 998_677_427)
        #expect(n.notificationTimeMs == 1_576_496_447_234)
        if type.variables.contains("employee_id") { #expect(n.employeeId == 323_409) }
        if type.variables.contains("leg_ids") { #expect(n.legIds == [1, 2]) }
        if type.variables.contains("tag_names") { #expect(n.tagNames == ["Целевой"]) }
        if type.variables.contains("contact_phone_number") { #expect(n.contactNumber?.e164 == "+79508418541") }
    }

    @Test(arguments: UISCallEventType.allCases)
    func queryTemplateFilledWithTextParsesBack(_ type: UISCallEventType) throws {
        let template = UISNotificationTemplates.query(type)
        #expect(template.hasPrefix("event=\(type.discriminator)&"))
        #expect(UISNotificationTemplates.placeholders(in: template) == type.variables)
        let filled = UISNotificationTemplates.fill(template) { name in
            UISNotificationSamples.literal(name).replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
        }
        let pairs = filled.split(separator: "&").map { part -> (name: String, value: String) in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
        }
        let n = try UISCallNotification.parse(query: pairs)
        #expect(n.type == type && n.callSessionId == 998_677_427)
        if type.variables.contains("employee_ids") { #expect(n.employeeIds == [1, 2]) }
    }
}
