/// The communication flows the rules engine configures. Calls are split by direction because every call
/// setting (filter, what to create, responsibles, templates) is configured separately for each direction.
public enum RuleFlow: String, Sendable, Hashable, CaseIterable, Codable {
    case incomingCall
    case outgoingCall
    case lead
    case chat

    /// The parameter catalogue a flow uses: both call directions share the call catalogue.
    public var catalogue: TemplateCatalogue {
        switch self {
        case .incomingCall, .outgoingCall: return .calls
        case .lead: return .leads
        case .chat: return .chats
        }
    }
}

/// One communication as the rules see it: the flow plus a flat bag of text parameters keyed by the canonical
/// parameter names of `TemplateParameter` (`caller_number`, `site`, ...), not by UIS's raw variable names.
///
/// Why a string bag: UIS notifications and reports are loosely typed and change per event type, so the ingest
/// maps whatever it received onto canonical keys and the rules never depend on a payload shape. How it fails:
/// it does not; a missing or blank parameter is simply absent (`value(_:)` returns nil for blank text).
public struct RuleEvent: Sendable, Hashable {
    public var flow: RuleFlow
    public var parameters: [String: String]

    public init(flow: RuleFlow, parameters: [String: String]) {
        self.flow = flow
        self.parameters = parameters
    }

    /// The parameter's text, or nil when it is absent or only whitespace.
    public func value(_ key: String) -> String? {
        guard let raw = parameters[key] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Parameter key carrying the Planfix user id of the client's personal manager, when the ingest knows it.
    public static let personalManagerKey = "personal_manager_id"
}
