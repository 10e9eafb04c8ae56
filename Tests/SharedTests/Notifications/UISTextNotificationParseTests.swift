import Foundation
import Testing
@testable import Shared

@Suite struct UISTextNotificationParseTests {
    typealias S = UISTextNotificationSamples

    @Test func chatStartedWithStringIdNumericPhoneAndUnknownFields() throws {
        let n = try S.parse(S.chatStarted)
        #expect(n.type == .chatStarted && n.flow == .chat && n.communicationId == 612_345_678)
        #expect(n.notificationName == "Планфикс: чат" && n.notificationMnemonic == nil)
        #expect(n.notificationTimeRaw == "2024-03-05 10:15:30.120" && n.notificationTimeMs == 1_709_622_930_120)
        #expect(n.communicationNumber == 1 && n.communicationTypeRaw == nil)
        #expect(n.visitorId == 98_765_432 && n.visitorName == nil && n.visitorEmail == nil)
        #expect(n.visitorPhone?.raw == "79001234567" && n.visitorPhone?.e164 == "+79001234567")
        #expect(n.chatChannelName == "Telegram магазина" && n.chatChannelType == "telegram")
        #expect(n.siteDomainName == "shop.example.ru" && n.campaignName == "Яндекс.Директ" && n.sourceName == nil)
        #expect(n.utmSource == "yandex" && n.utmMedium == "cpc" && n.utmCampaign == "spring")
        #expect(n.utmTerm == nil && n.utmContent == nil, "null and blank are absent")
        #expect(n.employeeId == nil && n.tagIds.isEmpty && n.tagNames.isEmpty)
        #expect(n.payloadVersion == TextNotification.payloadVersion)
    }

    @Test func chatFinishedWithNumbersAsStringsAndListsAsText() throws {
        let n = try S.parse(S.chatFinished)
        #expect(n.type == .chatFinished && n.flow == .chat && n.communicationId == 612_345_678)
        #expect(n.notificationTimeMs == 1_709_624_700_000)
        #expect(n.communicationNumber == 1 && n.visitorId == 98_765_432)
        #expect(n.visitorName == "Мария" && n.visitorEmail == "maria@example.ru")
        #expect(n.visitorPhone?.raw == "+7 (900) 123-45-67" && n.visitorPhone?.e164 == "+79001234567")
        #expect(n.employeeId == 5001 && n.employeeName == "Анна Смирнова")
        #expect(n.tagIds == [1, 2] && n.tagNames == ["Целевой", "Новый"])
        #expect(n.sourceName == "Яндекс" && n.utmTerm == "купить" && n.utmContent == nil)
    }

    @Test func tagSetOnAChatAndOnALead() throws {
        let chat = try S.parse(S.chatTagSet)
        #expect(chat.type == .chatTagSet && chat.flow == .chat && chat.communicationTypeRaw == "chat")
        #expect(chat.tagIds == [7] && chat.tagNames == ["Целевой"] && chat.notificationMnemonic == "set_mark")
        #expect(chat.visitorPhone == nil && chat.siteDomainName == nil)
        let lead = try S.parse(S.leadTagSet)
        #expect(lead.type == .chatTagSet && lead.flow == .lead, "communication_type moves a tag event to the lead flow")
        #expect(lead.communicationId == 612_349_999 && lead.tagIds.isEmpty && lead.tagNames == ["Спам"])
        #expect(lead.orderingKey == "lead:612349999")
    }

    @Test func tagEventFlowFromCommunicationTypeSpellings() throws {
        func flow(_ type: String) throws -> UISTextFlow {
            try S.parse(#"{"event":"chat_tag_set","communication_id":5,"communication_type":"\#(type)"}"#).flow
        }
        #expect(try flow("Чаты") == .chat && flow(" CHAT ") == .chat)
        #expect(try flow("Заявки") == .lead && flow("offline_message") == .lead)
        #expect(try flow("something new") == .chat, "an unrecognised type keeps the default")
        let n = try S.parse(#"{"event":"lead_received","communication_id":5,"communication_type":"chat"}"#)
        #expect(n.flow == .lead, "only the tag event follows communication_type; the literal wins otherwise")
    }

    @Test func leadReceived() throws {
        let n = try S.parse(S.leadReceived)
        #expect(n.type == .leadReceived && n.flow == .lead && n.communicationId == 612_349_999)
        #expect(n.notificationTimeMs == 1_709_625_600_500 && n.communicationNumber == 3)
        #expect(n.visitorName == "Иван Петров" && n.visitorEmail == "ivan@example.ru" && n.visitorPhone == nil)
        #expect(n.contactPhone?.raw == "8 (900) 111-22-33" && n.contactPhone?.e164 == "+79001112233")
        #expect(n.bestPhone == n.contactPhone)
        #expect(n.formName == "Обратный звонок" && n.formType == "Стандартная" && n.leadText == "Перезвоните после 18:00")
        #expect(n.campaignName == "Google Ads" && n.utmContent == "ad1" && n.tagIds.isEmpty && n.tagNames.isEmpty)
        #expect(n.orderingKey == "lead:612349999")
    }

    @Test func everySampleParsesAsItsType() throws {
        for (type, json) in S.all { #expect(try S.parse(json).type == type) }
    }

    @Test func eventDiscriminatorIsTolerantOfCaseAndSpaces() throws {
        let n = try S.parse(#"{"event":" Lead_Received ","communication_id":"5"}"#)
        #expect(n.type == .leadReceived && n.communicationId == 5 && n.flow == .lead)
    }

    @Test func badOptionalValuesAreDroppedNotFatal() throws {
        let n = try S.parse(#"""
        {"event":"chat_finished","communication_id":"7","employee_id":"abc","visitor_id":-5,"communication_number":0,
         "notification_time":"2019-02-30 10:00:00","tag_names":"A, B ,,","tag_ids":"1,x,-2,3","visitor_phone_number":"",
         "visitor_email":["a@b.c"],"chat_channel_type":{"value":"Telegram"}}
        """#)
        #expect(n.employeeId == nil && n.visitorId == nil && n.communicationNumber == nil)
        #expect(n.notificationTimeRaw == "2019-02-30 10:00:00" && n.notificationTimeMs == nil)
        #expect(n.tagNames == ["A", "B"] && n.tagIds == [1, 3] && n.visitorPhone == nil)
        #expect(n.visitorEmail == nil && n.chatChannelType == nil, "wrong shapes are absent")
    }

    @Test func unrecognisedPhoneIsKeptRaw() throws {
        let n = try S.parse(#"{"event":"chat_started","communication_id":1,"visitor_phone_number":"tg:@maria"}"#)
        #expect(n.visitorPhone?.raw == "tg:@maria" && n.visitorPhone?.e164 == nil && n.visitorPhone?.best == "tg:@maria")
    }

    @Test func bodyWinsOverQueryAndWhitespaceBodyFallsBackToQuery() throws {
        let n = try UISTextNotification.parse(body: Data(("\n  " + S.leadReceived + "\n").utf8), query: [("event", "chat_started")])
        #expect(n.type == .leadReceived)
        let q = try UISTextNotification.parse(body: Data(" \r\n".utf8), query: [("event", "chat_started"), ("communication_id", "9")])
        #expect(q.type == .chatStarted && q.communicationId == 9)
    }

    // MARK: GET variant

    @Test func getVariantQueryPairs() throws {
        let q: [(name: String, value: String)] = [
            ("event", "lead_received"), ("notification_name", "leads"), ("communication_id", "612349999"),
            ("visitor_name", "\"Иван\""), ("visitor_phone_number", "null"), ("contact_phone_number", "+79001112233"),
            ("visitor_email", "ivan@example.ru"), ("form_name", ""), ("tag_names", "[\"A\",\"B\"]"), ("tag_ids", "4,5"),
            ("utm_source", "google"), ("unknown", "x"), ("communication_id", "1"),
        ]
        let n = try UISTextNotification.parse(query: q)
        #expect(n.type == .leadReceived && n.communicationId == 612_349_999, "the first occurrence wins")
        #expect(n.visitorName == "Иван" && n.visitorPhone == nil && n.contactPhone?.e164 == "+79001112233")
        #expect(n.formName == nil && n.tagNames == ["A", "B"] && n.tagIds == [4, 5] && n.utmSource == "google")
    }

    @Test func getVariantGluedParametersAreSplit() throws {
        let q: [(name: String, value: String)] = [
            ("event", "chat_finished"),
            ("notification_time", "2019-12-16 14:40:47.234communication_id=612345678"),
            ("visitor_id", "323409chat_channel_type=telegramvisitor_phone_number=79508418541"),
            ("utm_content", "context=1"),
        ]
        let n = try UISTextNotification.parse(query: q)
        #expect(n.communicationId == 612_345_678 && n.notificationTimeMs == 1_576_496_447_234)
        #expect(n.visitorId == 323_409 && n.chatChannelType == "telegram" && n.visitorPhone?.e164 == "+79508418541")
        #expect(n.utmContent == "context=1" && n.leadText == nil, "`text=` inside `context=` is not a glued parameter")
    }

    @Test func codableRoundTripAsJobPayload() throws {
        for (_, json) in S.all {
            let n = try S.parse(json)
            let back = try JSONValue(encoding: n).decode(TextNotification.self)
            #expect(back == n)
            #expect(back.isCurrentVersion)
        }
        var old = try S.parse(S.chatStarted)
        old.payloadVersion = 0
        #expect(try JSONValue(encoding: old).decode(TextNotification.self).isCurrentVersion == false)
    }
}
