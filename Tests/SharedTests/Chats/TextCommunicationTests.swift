import Foundation
import Testing
@testable import Shared

/// Report rows → one communication record: a lead that also appears as an `offline_message` chat is the same
/// communication; the rules see the flow's parameters; notifications only fill blanks.
struct TextCommunicationTests {
    static func decode<T: Decodable>(_ json: String, as: T.Type) throws -> T {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return try d.decode(T.self, from: Data(json.utf8))
    }

    @Test func aLeadAndItsOfflineMessageChatAreOneCommunication() throws {
        let chat = try Self.decode(#"{"id":7009,"communication_id":91009,"status":"succeed","visitor_phone_number":79005550019,"chat_channel_type":"offline_message"}"#, as: UISChat.self)
        let lead = try Self.decode(#"{"id":808,"communication_id":91009,"visitor_name":"Ольга","visitor_phone_number":"79005550019","form_type":"Стандартная"}"#, as: UISOfflineMessage.self)
        let a = try #require(TextCommunication(chat: chat)), b = try #require(TextCommunication(lead: lead))
        #expect(a.flow == .lead && b.flow == .lead)
        #expect(a.effectKey == b.effectKey && a.orderingKey == b.orderingKey)
        let typed = try Self.decode(#"{"id":1,"communication_id":5,"communication_type":"offline_message"}"#, as: UISChat.self)
        #expect(TextCommunication(chat: typed)?.flow == .lead)
        let plain = try Self.decode(#"{"id":1,"communication_id":5,"chat_channel_type":"telegram"}"#, as: UISChat.self)
        #expect(TextCommunication(chat: plain)?.flow == .chat)
    }

    @Test func rowsWithoutACommunicationIdAreSkipped() throws {
        #expect(TextCommunication(chat: try Self.decode(#"{"id":1,"communication_id":null}"#, as: UISChat.self)) == nil)
        #expect(TextCommunication(lead: try Self.decode(#"{"id":1,"communication_id":0}"#, as: UISOfflineMessage.self)) == nil)
    }

    @Test func aChatRecordGivesTheChatParametersAndTags() throws {
        let row = try Self.decode(#"""
            {"id":77001,"communication_id":1,"status":"active","visitor_id":5,"visitor_phone_number":79261234567,"chat_channel_type":"telegram",
             "chat_channel_name":"Бот","site_domain_name":"shop.example.ru","tags":[{"tag_id":1,"tag_name":"Вопрос"},{"tag_name":"Доставка"}]}
            """#, as: UISChat.self)
        let p = try #require(TextCommunication(chat: row)).ruleEvent.parameters
        #expect(p["chat_id"] == "77001" && p["chat_link"] == "https://app.uiscom.ru/chats/77001")
        #expect(p["visitor_phone"] == "+79261234567" && p["chat_channel"] == "telegram" && p["tags"] == "Вопрос, Доставка")
        #expect(p["visitor_email"] == nil && p["lead_text"] == nil, "lead parameters are not in the chat catalogue")
        #expect(Set(p.keys).isSubset(of: TemplateCatalogue.chats.keys))
    }

    @Test func visitorsAndNotificationsOnlyFillBlanks() throws {
        var c = TextCommunication(flow: .chat, communicationId: 1, recordId: 2)
        c.visitorName = "Из отчёта"
        let visitor = try Self.decode(#"{"id":5,"name":"Иван","phones":[{"phone_number":"+7 900 000-11-22"}],"emails":["i@example.ru"],"usernames":["ivan"]}"#, as: UISVisitor.self)
        c.enrich(with: visitor)
        #expect(c.visitorName == "Из отчёта" && c.phone?.e164 == "+79000001122" && c.email == "i@example.ru" && c.username == "ivan")
        var n = TextNotification(type: .chatTagSet, communicationId: 1)
        n.tagNames = ["Целевой", "целевой"]
        c.merge(hint: n)
        #expect(c.tagNames == ["Целевой"])
    }

    @Test func theTaskDescriptionCarriesTheLinkOrTheLeadAndTheMarkerLast() {
        var lead = TextCommunication(flow: .lead, communicationId: 9, recordId: 1)
        lead.leadText = "Перезвоните <срочно>"
        lead.formName = "Обратный звонок"
        lead.phone = .init(raw: "79161234567")
        let html = TextTaskDescription.html(lead, marker: EffectMarker.lead("9"))
        #expect(html == "Заявка с сайта<br>Форма: Обратный звонок<br>Текст заявки: Перезвоните &lt;срочно&gt;<br>Телефон: +79161234567<br>ID обращения: 9<br>uisplanfix:lead:9")
        let chat = TextCommunication(flow: .chat, communicationId: 3, recordId: 44)
        #expect(TextTaskDescription.html(chat, marker: EffectMarker.chat("3")).contains("Ссылка на чат: <a href=\"https://app.uiscom.ru/chats/44\">"))
    }
}
