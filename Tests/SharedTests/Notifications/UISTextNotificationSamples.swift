import Foundation
@testable import Shared

/// Realistic chat and lead notification bodies per event type, built from the variables of
/// uis-chats-leads-deals.md §1.3/§2 (unverified) with the quirks the parser must tolerate: `null`s, numbers as
/// strings, strings as numbers, unknown extra fields.
enum UISTextNotificationSamples {
    static let chatStarted = """
    {"event":"chat_started","notification_name":"Планфикс: чат","notification_mnemonic":null,
     "notification_time":"2024-03-05 10:15:30.120","communication_id":"612345678","communication_number":1,
     "visitor_id":98765432,"visitor_name":null,"visitor_phone_number":79001234567,"visitor_email":null,
     "chat_channel_name":"Telegram магазина","chat_channel_type":"telegram","site_domain_name":"shop.example.ru",
     "campaign_name":"Яндекс.Директ","source_name":null,"utm_source":"yandex","utm_medium":"cpc",
     "utm_campaign":"spring","utm_term":null,"utm_content":"","visitor_browser_name":"Chrome","app_id":42}
    """

    static let chatFinished = """
    {"event":"chat_finished","notification_name":"chat-end","notification_mnemonic":"x",
     "notification_time":"2024-03-05 10:45:00","communication_id":612345678,"communication_number":"1",
     "visitor_id":"98765432","visitor_name":"Мария","visitor_phone_number":"+7 (900) 123-45-67","visitor_email":" maria@example.ru ",
     "chat_channel_name":"Telegram магазина","chat_channel_type":"telegram","site_domain_name":"shop.example.ru",
     "campaign_name":"Яндекс.Директ","source_name":"Яндекс","utm_source":"yandex","utm_medium":"cpc","utm_campaign":"spring",
     "utm_term":"купить","utm_content":null,"employee_id":"5001","employee_full_name":"Анна Смирнова",
     "tag_ids":"[1, 2]","tag_names":["Целевой","Новый"],"unexpected":{"nested":[1,2,{"x":null}]}}
    """

    static let chatTagSet = """
    {"event":"chat_tag_set","notification_name":"tag","notification_mnemonic":"set_mark","notification_time":"2024-03-05 10:20:00",
     "communication_id":612345678,"communication_number":1,"communication_type":"chat","visitor_id":98765432,
     "visitor_name":"Мария","visitor_phone_number":null,"visitor_email":null,"chat_channel_name":"Telegram магазина",
     "chat_channel_type":"telegram","site_domain_name":null,"campaign_name":null,"employee_id":5001,
     "employee_full_name":"Анна Смирнова","tag_ids":[7],"tag_names":["Целевой"]}
    """

    static let leadTagSet = """
    {"event":"chat_tag_set","notification_name":"tag","notification_time":"2024-03-05 11:20:00",
     "communication_id":"612349999","communication_type":"offline_message","visitor_id":98765000,
     "visitor_email":"ivan@example.ru","tag_ids":null,"tag_names":"Спам"}
    """

    static let leadReceived = """
    {"event":"lead_received","notification_name":"Заявки с сайта","notification_mnemonic":null,
     "notification_time":"2024-03-05 11:00:00.5","communication_id":612349999,"communication_number":"3",
     "visitor_id":98765000,"visitor_name":"Иван Петров","visitor_phone_number":null,"visitor_email":"ivan@example.ru",
     "contact_phone_number":"8 (900) 111-22-33","form_name":"Обратный звонок","form_type":"Стандартная",
     "text":"Перезвоните после 18:00","site_domain_name":"shop.example.ru","campaign_name":"Google Ads",
     "source_name":"Google","utm_source":"google","utm_medium":"cpc","utm_campaign":"brand","utm_term":"магазин",
     "utm_content":"ad1","tag_ids":[],"tag_names":null,"visitor_browser_name":null,"is_agree_to_mailing":true}
    """

    static let all: [(UISTextEventType, String)] = [
        (.chatStarted, chatStarted), (.chatFinished, chatFinished), (.chatTagSet, chatTagSet),
        (.chatTagSet, leadTagSet), (.leadReceived, leadReceived),
    ]

    /// A JSON literal for each template variable, as UIS would substitute it.
    static func literal(_ variable: String) -> String {
        switch variable {
        case "communication_id": return "612345678"
        case "visitor_id", "employee_id": return "323409"
        case "communication_number": return "2"
        case "tag_ids": return "[1,2]"
        case "tag_names": return "[\"Целевой\"]"
        case "notification_mnemonic", "utm_term": return "null"
        case "notification_time": return "\"2019-12-16 14:40:47.234\""
        case "communication_type": return "\"chat\""
        case "visitor_phone_number": return "79508418541"
        case "contact_phone_number": return "\"8 (950) 841-85-41\""
        case "visitor_email": return "\"maria@example.ru\""
        default: return "\"sample \\\"\(variable)\\\"\""
        }
    }

    static func parse(_ json: String) throws -> TextNotification {
        try UISTextNotification.parse(body: Data(json.utf8))
    }

    static func error(_ body: Data) -> UISNotificationError? {
        do { _ = try UISTextNotification.parse(body: body); return nil } catch { return error }
    }
}
