import Foundation
import Testing
@testable import Shared

@Suite struct UISTextNotificationTemplateTests {
    typealias S = UISTextNotificationSamples

    @Test func fourTypesWithTheirLiteralsFlowsAndLKNames() {
        #expect(UISTextEventType.allCases.map(\.discriminator) == ["chat_started", "chat_finished", "chat_tag_set", "lead_received"])
        #expect(UISTextEventType.allCases.map(\.flow) == [.chat, .chat, .chat, .lead])
        #expect(UISTextEventType.chatTagSet.lkName == "Проставление тега" && UISTextEventType.chatTagSet.uisEventTypeId == "set_mark")
        #expect(Set(UISTextEventType.allCases.map(\.lkName)).count == 4)
        let callLiterals = Set(UISCallEventType.allCases.map(\.discriminator))
        for t in UISTextEventType.allCases {
            #expect(UISTextEventType(discriminator: t.discriminator) == t)
            #expect(!callLiterals.contains(t.discriminator))
            #expect(t.variables.contains("communication_id") && !t.variables.contains("call_session_id"))
            #expect(Set(t.variables).count == t.variables.count, "no duplicate variable in \(t)")
            #expect(!t.variables.contains("chat_id") && !t.variables.contains("offline_message_id"), "never seen in UIS")
        }
        #expect(UISTextEventType(discriminator: "chat_start") == nil)
    }

    @Test func variablesFollowTheReference() {
        #expect(UISTextEventType.chatStarted.variables.contains("chat_channel_name"))
        #expect(UISTextEventType.chatTagSet.variables.contains("tag_ids") && UISTextEventType.chatTagSet.variables.contains("communication_type"))
        #expect(UISTextEventType.leadReceived.variables.contains("contact_phone_number"))
        #expect(UISTextEventType.leadReceived.variables.contains("visitor_email"))
        #expect(!UISTextEventType.leadReceived.variables.contains("chat_channel_type"))
    }

    @Test(arguments: UISTextEventType.allCases)
    func bodyTemplateFilledWithSamplesParsesBack(_ type: UISTextEventType) throws {
        let template = UISNotificationTemplates.body(type)
        #expect(template.hasPrefix("{\"event\":\"\(type.discriminator)\""))
        #expect(UISNotificationTemplates.placeholders(in: template) == type.variables)
        #expect(!template.contains("\"{{"), "placeholders must be unquoted")
        let filled = UISNotificationTemplates.fill(template, S.literal)
        #expect(!filled.contains("{{"))
        let n = try UISTextNotification.parse(body: Data(filled.utf8))
        #expect(n.type == type && n.flow == type.flow && n.communicationId == 612_345_678)
        #expect(n.notificationTimeMs == 1_576_496_447_234 && n.communicationNumber == 2 && n.visitorId == 323_409)
        #expect(n.visitorEmail == "maria@example.ru" && n.visitorPhone?.e164 == "+79508418541")
        #expect(n.notificationMnemonic == nil && n.utmTerm == nil && n.utmSource == "sample \"utm_source\"")
        if type.variables.contains("employee_id") { #expect(n.employeeId == 323_409) }
        if type.variables.contains("tag_ids") { #expect(n.tagIds == [1, 2] && n.tagNames == ["Целевой"]) }
        if type.variables.contains("contact_phone_number") { #expect(n.contactPhone?.e164 == "+79508418541") }
        if type.variables.contains("chat_channel_type") { #expect(n.chatChannelType == "sample \"chat_channel_type\"") }
        #expect(n.ruleEvent.flow.catalogue.keys.isSuperset(of: n.ruleEvent.parameters.keys))
    }

    @Test(arguments: UISTextEventType.allCases)
    func queryTemplateFilledWithTextParsesBack(_ type: UISTextEventType) throws {
        let template = UISNotificationTemplates.query(type)
        #expect(template.hasPrefix("event=\(type.discriminator)&"))
        #expect(UISNotificationTemplates.placeholders(in: template) == type.variables)
        let filled = UISNotificationTemplates.fill(template) { name in
            S.literal(name).replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
        }
        let pairs = filled.split(separator: "&").map { part -> (name: String, value: String) in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
        }
        let n = try UISTextNotification.parse(query: pairs)
        #expect(n.type == type && n.communicationId == 612_345_678 && n.visitorId == 323_409)
        if type.variables.contains("tag_ids") { #expect(n.tagIds == [1, 2]) }
    }

    @Test func callTemplatesAreUnchanged() {
        #expect(UISNotificationTemplates.body(.lostCall).hasPrefix(#"{"event":"lost_call","notification_name":{{notification_name}},"#))
        #expect(UISNotificationTemplates.query(.outgoingCall).hasSuffix("employee_phone_number={{employee_phone_number}}"))
    }
}
