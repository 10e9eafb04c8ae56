/// A place in the settings where a template lives, with its Russian default («Сбросить к значению по
/// умолчанию» returns `defaultTemplate`), its length cap, and the last-resort text when everything is missing.
///
/// Length caps: task titles 200 characters. Planfix documents no hard limit for `name`, but its task lists
/// and notifications show roughly the first 100–150 characters, and a title longer than that is a
/// description; 200 leaves room for a long site or campaign name without letting a pasted text through.
/// Contact names are capped at 100 (a person's or company's name). How it fails: it does not; an empty
/// rendering falls back to the default template, then to `fallbackText`.
public enum TemplateSlot: String, Sendable, Hashable, CaseIterable {
    case incomingCallTitle, outgoingCallTitle, lostCallTitle
    case leadContactName, leadTaskTitle
    case chatContactName, chatTaskTitle

    public var flow: RuleFlow {
        switch self {
        case .incomingCallTitle, .lostCallTitle: return .incomingCall
        case .outgoingCallTitle: return .outgoingCall
        case .leadContactName, .leadTaskTitle: return .lead
        case .chatContactName, .chatTaskTitle: return .chat
        }
    }

    public var maxLength: Int {
        switch self {
        case .leadContactName, .chatContactName: return 100
        default: return 200
        }
    }

    public var label: String {
        switch self {
        case .incomingCallTitle: return "Название задачи по входящему звонку"
        case .outgoingCallTitle: return "Название задачи по исходящему звонку"
        case .lostCallTitle: return "Название задачи по потерянному звонку"
        case .leadContactName: return "Шаблон контакта по заявке"
        case .leadTaskTitle: return "Название задачи по заявке"
        case .chatContactName: return "Шаблон контакта по чату"
        case .chatTaskTitle: return "Название задачи по чату"
        }
    }

    /// The default template: what «reset to default» restores.
    public var defaultTemplate: String {
        switch self {
        case .incomingCallTitle: return "Входящий звонок от {{caller_number}} на {{virtual_number}}"
        case .outgoingCallTitle: return "Исходящий звонок на {{caller_number}}"
        case .lostCallTitle: return "Потерянный звонок от {{caller_number}} на {{virtual_number}}"
        case .leadContactName: return "{{visitor_name}} {{visitor_phone}}"
        case .leadTaskTitle: return "Заявка с сайта {{site}} от {{visitor_name}} ({{visitor_phone}})"
        case .chatContactName: return "{{visitor_name}} {{visitor_phone}}"
        case .chatTaskTitle: return "Чат {{chat_channel_name}} с посетителем {{visitor_phone}}"
        }
    }

    /// Text used when even the default renders empty.
    public var fallbackText: String {
        switch self {
        case .incomingCallTitle: return "Входящий звонок"
        case .outgoingCallTitle: return "Исходящий звонок"
        case .lostCallTitle: return "Потерянный звонок"
        case .leadContactName, .chatContactName: return "Посетитель сайта"
        case .leadTaskTitle: return "Заявка с сайта"
        case .chatTaskTitle: return "Чат"
        }
    }

    /// Renders `template` (nil = the default) for an event; never empty.
    public func render(_ template: String?, _ event: RuleEvent) -> String {
        for text in [template, defaultTemplate].compactMap({ $0 }) {
            let out = MessageTemplate(text).render(event, maxLength: maxLength)
            if !out.isEmpty { return out }
        }
        return fallbackText
    }

    /// The preview shown by the «глаз» button: the template rendered on the flow's sample event.
    public func preview(_ template: String?) -> String { render(template, SampleEvents.event(for: flow)) }
}

/// Realistic sample events per flow for previews and tests.
public enum SampleEvents {
    public static func event(for flow: RuleFlow) -> RuleEvent {
        switch flow {
        case .incomingCall: return RuleEvent(flow: flow, parameters: call.merging(["direction": "in"]) { $1 })
        case .outgoingCall: return RuleEvent(flow: flow, parameters: call.merging(["direction": "out"]) { $1 })
        case .lead: return RuleEvent(flow: flow, parameters: lead)
        case .chat: return RuleEvent(flow: flow, parameters: chat)
        }
    }

    static let marketing: [String: String] = [
        "site": "shop.example.ru", "source": "Яндекс Директ", "campaign": "Весенняя распродажа",
        "utm_source": "yandex", "utm_medium": "cpc", "utm_campaign": "spring_sale", "utm_term": "купить диван",
        "employee_name": "Иванова Анна", "date_time": "2025-11-10 14:40:47", "communication_id": "123456789",
    ]
    static let call: [String: String] = marketing.merging([
        "caller_number": "+79001234567", "virtual_number": "+74951234567", "scenario_name": "Основной",
        "contact_name": "Петров Пётр", "call_id": "998677427", "duration": "154", "wait_duration": "11",
        "region": "Москва", "tags": "Целевой, Новый клиент",
    ]) { $1 }
    static let lead: [String: String] = marketing.merging([
        "visitor_name": "Мария", "visitor_phone": "+79161234567", "visitor_email": "maria@example.ru",
        "lead_type": "Стандартная", "form_name": "Обратный звонок", "lead_text": "Перезвоните мне", "tags": "Заявка",
    ]) { $1 }
    static let chat: [String: String] = marketing.merging([
        "visitor_id": "5551234", "visitor_name": "Алексей", "visitor_phone": "+79261234567", "chat_channel": "telegram",
        "chat_channel_name": "Telegram-бот магазина", "chat_id": "77001", "chat_link": "https://app.uiscom.ru/chats/77001",
        "tags": "Вопрос, Доставка",
    ]) { $1 }
}
