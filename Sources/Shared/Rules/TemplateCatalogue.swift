/// A dynamic parameter offered by the «+» button of the template editor: canonical key, Russian label, and the
/// UIS variable or report field the ingest fills it from (documentation for the mapping, not used here).
public struct TemplateParameter: Sendable, Hashable {
    public let key: String
    public let label: String
    public let uisSource: String

    public init(_ key: String, _ label: String, _ uisSource: String) {
        self.key = key
        self.label = label
        self.uisSource = uisSource
    }
}

/// The parameters each flow offers in templates, field mappings and sample events.
///
/// Why it exists: templates, field mappings and validation must agree on one list of names per flow, and the
/// settings screen needs Russian labels. How it fails: it cannot; an unknown key is reported by the callers
/// (`MessageTemplate.unknownParameters`, field-mapping validation).
public enum TemplateCatalogue: String, Sendable, Hashable, CaseIterable {
    case calls, leads, chats

    public var parameters: [TemplateParameter] {
        switch self {
        case .calls: return Self.callParameters
        case .leads: return Self.leadParameters
        case .chats: return Self.chatParameters
        }
    }

    public var keys: Set<String> { Set(parameters.map(\.key)) }

    public func parameter(_ key: String) -> TemplateParameter? { parameters.first { $0.key == key } }

    private static let common: [TemplateParameter] = [
        .init("site", "Сайт", "site_domain_name"),
        .init("source", "Источник", "source_name"),
        .init("campaign", "Рекламная кампания", "campaign_name"),
        .init("utm_source", "UTM Source", "utm_source"),
        .init("utm_medium", "UTM Medium", "utm_medium"),
        .init("utm_campaign", "UTM Campaign", "utm_campaign"),
        .init("utm_term", "UTM Term", "utm_term"),
        .init("employee_name", "Сотрудник", "employee_full_name"),
        .init("date_time", "Дата и время", "start_time / date_time"),
        .init("communication_id", "ID обращения", "communication_id"),
    ]

    private static let callParameters: [TemplateParameter] = [
        .init("caller_number", "Номер абонента", "contact_phone_number"),
        .init("virtual_number", "Виртуальный номер", "virtual_phone_number"),
        .init("scenario_name", "Название сценария", "scenario_name"),
        .init("contact_name", "Имя контакта", "contact_full_name"),
        .init("call_id", "ID звонка", "call_session_id"),
        .init("direction", "Направление звонка", "direction"),
        .init("duration", "Длительность разговора, с", "talk_time_duration"),
        .init("wait_duration", "Время ожидания, с", "wait_time_duration"),
        .init("region", "Регион абонента", "cpn_region_name"),
        .init("tags", "Теги", "tag_names"),
    ] + common

    private static let leadParameters: [TemplateParameter] = [
        .init("visitor_name", "Имя посетителя", "visitor_name"),
        .init("visitor_phone", "Телефон посетителя", "visitor_phone_number"),
        .init("visitor_email", "E-mail посетителя", "visitor_email"),
        .init("lead_type", "Тип заявки", "form_type"),
        .init("form_name", "Название формы", "form_name"),
        .init("lead_text", "Текст заявки", "text"),
        .init("tags", "Теги", "tags[].tag_name"),
    ] + common

    private static let chatParameters: [TemplateParameter] = [
        .init("visitor_id", "ID посетителя", "visitor_id"),
        .init("visitor_name", "Имя посетителя", "visitor_name"),
        .init("visitor_phone", "Телефон посетителя", "visitor_phone_number"),
        .init("chat_channel", "Канал чата", "chat_channel_type"),
        .init("chat_channel_name", "Название канала", "chat_channel_name"),
        .init("chat_id", "ID чата", "id"),
        .init("chat_link", "Ссылка на чат", "(built by the fleet)"),
        .init("tags", "Теги", "tags[].tag_name"),
    ] + common
}
