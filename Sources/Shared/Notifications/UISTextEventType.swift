import Foundation

/// The UIS chat and lead notification types the fleet asks tenants to create, each identified by the literal
/// `"event"` discriminator we publish in the templates (`UISNotificationTemplates`), the sibling of
/// `UISCallEventType`.
///
/// Why a literal of our own: `notification_name` is free text and the real `notification_mnemonic` /
/// `event_type.value_id` values are unknown except `set_mark` (uis-chats-leads-deals.md §1.2, §1.4).
/// How it fails: `init?(discriminator:)` returns nil for anything that is not one of the four literals (after
/// trimming and lower-casing); `UISTextNotification` turns that into `UISNotificationError.unknownEvent`.
///
/// UNVERIFIED (uis-chats-leads-deals.md §1, §6.1): the LK event names except «Проставление тега», and every
/// variable list below. See `UISNotificationAssumptions` for what is assumed.
public enum UISTextEventType: String, Sendable, Hashable, CaseIterable, Codable {
    case chatStarted = "chat_started"
    case chatFinished = "chat_finished"
    /// «Проставление тега» (`set_mark`). UIS fires it for any communication, so its flow may become `.lead`
    /// when the payload's `communication_type` says so (see `UISTextNotification`).
    case chatTagSet = "chat_tag_set"
    /// A site lead («Заявка», offline message).
    case leadReceived = "lead_received"

    /// Tolerant lookup: surrounding spaces and letter case are ignored.
    public init?(discriminator: String) {
        let t = UISNotificationFields.trimmed(discriminator).lowercased()
        guard let v = Self(rawValue: t) else { return nil }
        self = v
    }

    /// The literal placed in `"event":"…"`.
    public var discriminator: String { rawValue }

    /// The flow the event belongs to (for `chatTagSet` only the default; the payload may move it to `.lead`).
    public var flow: UISTextFlow {
        switch self {
        case .chatStarted, .chatFinished, .chatTagSet: return .chat
        case .leadReceived: return .lead
        }
    }

    /// The event type's name in the UIS personal account (LK). Only «Проставление тега» is confirmed; the
    /// others are the names UIS's marketplace apps use for their triggers (unverified as LK event names).
    public var lkName: String {
        switch self {
        case .chatStarted: return "Начало чата"
        case .chatFinished: return "Завершение чата"
        case .chatTagSet: return "Проставление тега"
        case .leadReceived: return "Заявка"
        }
    }

    /// UIS's machine id of the event type (`get.notifications` `event_type.value_id`), where known.
    public var uisEventTypeId: String? { self == .chatTagSet ? "set_mark" : nil }

    /// The UIS template variables we ask the admin to put in the template, in template order. UNVERIFIED: the
    /// names are the ones seen in UIS's app templates plus the Data API report field names (§1.3); the admin
    /// drops any variable the LK «+» button does not offer. `communication_id` is in every type and is the
    /// only one the parser requires.
    public var variables: [String] {
        switch self {
        case .chatStarted:
            return Self.head + Self.visitor + Self.channel + Self.site
        case .chatFinished:
            return Self.head + Self.visitor + Self.channel + Self.site + Self.employee + Self.tags
        case .chatTagSet:
            return Self.head + ["communication_type"] + Self.visitor + Self.channel + Self.site + Self.employee + Self.tags
        case .leadReceived:
            return Self.head + Self.visitor + ["contact_phone_number", "form_name", "form_type", "text"] + Self.site + Self.tags
        }
    }

    private static let head = ["notification_name", "notification_mnemonic", "notification_time", "communication_id",
                               "communication_number"]
    private static let visitor = ["visitor_id", "visitor_name", "visitor_phone_number", "visitor_email"]
    private static let channel = ["chat_channel_name", "chat_channel_type"]
    private static let site = ["site_domain_name", "campaign_name", "source_name", "utm_source", "utm_medium",
                               "utm_campaign", "utm_term", "utm_content"]
    private static let employee = ["employee_id", "employee_full_name"]
    private static let tags = ["tag_ids", "tag_names"]
}

/// Which text flow a notification feeds: a chat or a site lead. The prefix of the ordering and de-duplication
/// keys and the rules engine's flow (`ruleFlow`).
public enum UISTextFlow: String, Sendable, Hashable, CaseIterable, Codable {
    case chat
    case lead

    public var ruleFlow: RuleFlow { self == .chat ? .chat : .lead }

    /// What a `communication_type` text says about the flow: `.chat` / `.lead` for their spellings
    /// (`UISNotificationAssumptions.chatCommunicationTypes`, `leadCommunicationTypes`), nil when the text is
    /// unrecognised. `isOtherCommunication` tells the known non-text kinds (calls, e-mails, goals) apart.
    public init?(communicationType text: String) {
        let t = UISNotificationFields.trimmed(text).lowercased()
        if UISNotificationAssumptions.chatCommunicationTypes.contains(t) { self = .chat }
        else if UISNotificationAssumptions.leadCommunicationTypes.contains(t) { self = .lead }
        else { return nil }
    }

    /// Whether a `communication_type` text names a known communication kind that is neither a chat nor a lead.
    public static func isOtherCommunication(_ text: String) -> Bool {
        UISNotificationAssumptions.otherCommunicationTypes.contains(UISNotificationFields.trimmed(text).lowercased())
    }
}
