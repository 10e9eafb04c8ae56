import Foundation
import Testing
@testable import Shared

@Suite struct UISTextNotificationKeysTests {
    typealias S = UISTextNotificationSamples

    @Test func duplicateDeliveryHasTheSameDeduplicationKey() throws {
        for (_, json) in S.all {
            #expect(try S.parse(json).deduplicationKey == S.parse(json).deduplicationKey)
        }
        // A re-delivery may differ in notification_time and formatting but is the same notification.
        let again = S.chatStarted.replacingOccurrences(of: "10:15:30.120", with: "10:15:33")
            .replacingOccurrences(of: #""communication_id":"612345678""#, with: #""communication_id":612345678"#)
        #expect(try S.parse(again).deduplicationKey == S.parse(S.chatStarted).deduplicationKey)
        #expect(try S.parse(S.chatStarted).deduplicationKey == "chat:612345678:chat_started")
        #expect(try S.parse(S.leadReceived).deduplicationKey == "lead:612349999:lead_received")
    }

    @Test func twoDifferentTagsOnOneChatAreTwoEvents() throws {
        let first = try S.parse(S.chatTagSet)
        let second = try S.parse(S.chatTagSet.replacingOccurrences(of: #""tag_ids":[7],"tag_names":["Целевой"]"#,
                                                                    with: #""tag_ids":[8],"tag_names":["Повторный"]"#))
        #expect(first.deduplicationKey == "chat:612345678:chat_tag_set:id7")
        #expect(second.deduplicationKey == "chat:612345678:chat_tag_set:id8")
        #expect(first.orderingKey == second.orderingKey)
        // The same tag set delivered twice, ids in another order or as text, is one event.
        let a = try S.parse(#"{"event":"chat_tag_set","communication_id":5,"tag_ids":[2,1]}"#)
        let b = try S.parse(#"{"event":"chat_tag_set","communication_id":"5","tag_ids":"1, 2"}"#)
        #expect(a.deduplicationKey == b.deduplicationKey && a.deduplicationKey == "chat:5:chat_tag_set:id1+2")
    }

    @Test func tagKeyFallsBackToNamesThenDash() throws {
        let byName = try S.parse(#"{"event":"chat_tag_set","communication_id":5,"tag_names":["Новый","Целевой"]}"#)
        let byNameAgain = try S.parse(#"{"event":"chat_tag_set","communication_id":5,"tag_names":"целевой, НОВЫЙ"}"#)
        let other = try S.parse(#"{"event":"chat_tag_set","communication_id":5,"tag_names":["Спам"]}"#)
        let bare = try S.parse(#"{"event":"chat_tag_set","communication_id":5}"#)
        #expect(byName.deduplicationKey == byNameAgain.deduplicationKey)
        #expect(byName.deduplicationKey != other.deduplicationKey)
        #expect(bare.deduplicationKey == "chat:5:chat_tag_set:-")
    }

    @Test func tagsDoNotSplitNonTagEvents() throws {
        let a = try S.parse(#"{"event":"chat_finished","communication_id":5,"tag_ids":[1]}"#)
        let b = try S.parse(#"{"event":"chat_finished","communication_id":5,"tag_ids":[1,2]}"#)
        #expect(a.deduplicationKey == b.deduplicationKey && a.deduplicationKey == "chat:5:chat_finished")
    }

    @Test func eventsOfOneChatShareTheOrderingKeyButNotTheDeduplicationKey() throws {
        let chat = try [S.chatStarted, S.chatTagSet, S.chatFinished].map(S.parse)
        #expect(Set(chat.map(\.orderingKey)) == ["chat:612345678"])
        #expect(Set(chat.map(\.deduplicationKey)).count == chat.count)
        let lead = try [S.leadReceived, S.leadTagSet].map(S.parse)
        #expect(Set(lead.map(\.orderingKey)) == ["lead:612349999"])
        #expect(Set(lead.map(\.deduplicationKey)).count == lead.count)
    }

    // MARK: Rule events

    @Test func chatRuleEventUsesTheChatCatalogue() throws {
        let e = try S.parse(S.chatFinished).ruleEvent
        #expect(e.flow == .chat)
        #expect(Set(e.parameters.keys).isSubset(of: TemplateCatalogue.chats.keys))
        #expect(e.value("communication_id") == "612345678" && e.value("visitor_id") == "98765432")
        #expect(e.value("visitor_name") == "Мария" && e.value("visitor_phone") == "+79001234567")
        #expect(e.value("chat_channel") == "telegram" && e.value("chat_channel_name") == "Telegram магазина")
        #expect(e.value("site") == "shop.example.ru" && e.value("campaign") == "Яндекс.Директ" && e.value("source") == "Яндекс")
        #expect(e.value("utm_source") == "yandex" && e.value("utm_term") == "купить")
        #expect(e.value("employee_name") == "Анна Смирнова" && e.value("date_time") == "2024-03-05 10:45:00")
        #expect(e.value("tags") == "Целевой, Новый")
        #expect(e.value("chat_id") == nil && e.value("chat_link") == nil && e.value("visitor_email") == nil)
    }

    @Test func leadRuleEventUsesTheLeadCatalogue() throws {
        let e = try S.parse(S.leadReceived).ruleEvent
        #expect(e.flow == .lead)
        #expect(Set(e.parameters.keys).isSubset(of: TemplateCatalogue.leads.keys))
        #expect(e.value("visitor_phone") == "+79001112233", "the contact phone stands in for a missing visitor phone")
        #expect(e.value("visitor_email") == "ivan@example.ru" && e.value("visitor_name") == "Иван Петров")
        #expect(e.value("lead_type") == "Стандартная" && e.value("form_name") == "Обратный звонок")
        #expect(e.value("lead_text") == "Перезвоните после 18:00" && e.value("communication_id") == "612349999")
        #expect(e.value("tags") == nil && e.value("visitor_id") == nil)
    }

    @Test func ruleEventForEverySampleStaysInItsFlowsCatalogue() throws {
        for (_, json) in S.all {
            let n = try S.parse(json)
            let e = n.ruleEvent
            #expect(e.flow == n.ruleFlow && e.flow.catalogue.keys.isSuperset(of: e.parameters.keys))
            #expect(e.value("communication_id") == String(n.communicationId))
        }
        let leadTag = try S.parse(S.leadTagSet).ruleEvent
        #expect(leadTag.flow == .lead && leadTag.value("tags") == "Спам" && leadTag.value("visitor_email") == "ivan@example.ru")
    }
}
