/// A field a filter condition can test, as offered by the UIS settings screens («Виртуальный номер», «Сайт»,
/// «Тег», ...). Each field reads one canonical event parameter.
///
/// How it fails: a field that a flow does not offer (e.g. `tag` in a call filter) is rejected by validation,
/// and the engine refuses to evaluate it (`RulesEngineError.fieldNotAllowed`) rather than guessing.
public enum FilterField: String, Sendable, Hashable, CaseIterable, Codable {
    case virtualNumber = "virtual_number"
    case scenario
    case site
    case source
    case campaign
    case leadType = "lead_type"
    case channel
    case tag

    /// The canonical event parameter the field reads.
    public var parameterKey: String {
        switch self {
        case .virtualNumber: return "virtual_number"
        case .scenario: return "scenario_name"
        case .site: return "site"
        case .source: return "source"
        case .campaign: return "campaign"
        case .leadType: return "lead_type"
        case .channel: return "chat_channel"
        case .tag: return "tags"
        }
    }

    /// Russian label as on the UIS settings screen.
    public var label: String {
        switch self {
        case .virtualNumber: return "Виртуальный номер"
        case .scenario: return "Сценарий"
        case .site: return "Сайт"
        case .source: return "Источник"
        case .campaign: return "Рекламная кампания"
        case .leadType: return "Тип заявки"
        case .channel: return "Канал"
        case .tag: return "Тег"
        }
    }

    /// Phone-like fields compare through `PhoneNumber` normalisation.
    public var isPhone: Bool { self == .virtualNumber }

    /// Multi-valued fields hold a comma-separated list (tags); a condition matches if any element matches.
    public var isList: Bool { self == .tag }

    /// The fields each flow's filter offers (from the article).
    public static func allowed(in flow: RuleFlow) -> [FilterField] {
        switch flow {
        case .incomingCall, .outgoingCall: return [.virtualNumber, .scenario, .site, .source, .campaign]
        case .lead: return [.site, .campaign, .source, .leadType]
        case .chat: return [.site, .channel, .tag, .campaign, .source]
        }
    }
}

/// A comparison operator of a filter condition, with the number of values it takes.
public enum FilterOperator: String, Sendable, Hashable, CaseIterable, Codable {
    case `is`
    case isNot = "is_not"
    case isOneOf = "is_one_of"
    case contains
    case isEmpty = "is_empty"
    case isNotEmpty = "is_not_empty"

    /// The allowed count of values: exactly one, at least one, or none.
    public var arity: ClosedRange<Int> {
        switch self {
        case .is, .isNot, .contains: return 1...1
        case .isOneOf: return 1...500
        case .isEmpty, .isNotEmpty: return 0...0
        }
    }

    public var label: String {
        switch self {
        case .is: return "равно"
        case .isNot: return "не равно"
        case .isOneOf: return "одно из"
        case .contains: return "содержит"
        case .isEmpty: return "не заполнено"
        case .isNotEmpty: return "заполнено"
        }
    }
}
