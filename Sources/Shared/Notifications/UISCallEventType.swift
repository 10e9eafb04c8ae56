import Foundation

/// The eight UIS call notification types the fleet asks tenants to create (uis-api.md §4.2), each identified by
/// the literal `"event"` discriminator we publish in the templates (`UISNotificationTemplates`).
///
/// Why a literal of our own: `notification_name` is free text typed by the admin and the real
/// `notification_mnemonic` values are unverified, so the body carries `"event":"<raw value>"` that we control.
/// How it fails: `init?(discriminator:)` returns nil for anything that is not one of the eight literals
/// (after trimming and lower-casing); the parser turns that into `UISNotificationError.unknownEvent`.
public enum UISCallEventType: String, Sendable, Hashable, CaseIterable, Codable {
    case incomingCall = "incoming_call"
    case waitingForAnswer = "waiting_for_answer"
    case talkStarted = "talk_started"
    case talkFinished = "talk_finished"
    case callFinished = "call_finished"
    case lostCall = "lost_call"
    case recordingReady = "recording_ready"
    case outgoingCall = "outgoing_call"

    /// Tolerant lookup: surrounding spaces and letter case are ignored.
    public init?(discriminator: String) {
        let t = UISNotificationFields.trimmed(discriminator).lowercased()
        guard let v = Self(rawValue: t) else { return nil }
        self = v
    }

    /// The literal placed in `"event":"…"`.
    public var discriminator: String { rawValue }

    /// The event type's name in the UIS personal account (LK), to pick when creating the notification.
    public var lkName: String {
        switch self {
        case .incomingCall: return "Входящий звонок на виртуальный номер"
        case .waitingForAnswer: return "Ожидание ответа"
        case .talkStarted: return "Начало разговора"
        case .talkFinished: return "Окончание разговора"
        case .callFinished: return "Завершение звонка"
        case .lostCall: return "Потерянный звонок"
        case .recordingReady: return "Записанный разговор"
        case .outgoingCall: return "Исходящий звонок"
        }
    }

    /// The UIS template variables of this type (uis-api.md §4.2, the set Planfix's own connector uses), in
    /// template order. `call_session_id` is present in every type.
    public var variables: [String] {
        switch self {
        case .incomingCall:
            return Self.head + ["scenario_name", "contact_phone_number", "communication_number", "contact_id",
                                "contact_full_name", "call_session_id"]
        case .waitingForAnswer:
            return Self.ringing + ["leg_id"]
        case .talkStarted:
            return Self.ringing + ["leg_ids"]
        case .talkFinished:
            return Self.ringing + ["leg_ids", "communication_number", "scenario_name", "talk_time_duration"]
        case .callFinished:
            return Self.head + ["external_id", "contact_phone_number", "communication_number", "employee_full_name",
                                "employee_id", "call_source", "direction", "call_session_id", "scenario_name",
                                "talk_time_duration", "total_time_duration", "wait_time_duration", "tag_names"]
        case .lostCall:
            return Self.head + ["scenario_name", "wait_time_duration", "employee_ids", "contact_phone_number",
                                "communication_number", "contact_id", "contact_full_name", "call_session_id"]
        case .recordingReady:
            return Self.head + ["scenario_name", "contact_phone_number", "communication_number", "contact_id",
                                "contact_full_name", "call_session_id", "employee_full_name", "employee_id",
                                "file_link", "file_duration", "tag_ids", "tag_names"]
        case .outgoingCall:
            return Self.head + ["contact_phone_number", "contact_id", "contact_full_name", "call_session_id",
                                "employee_full_name", "employee_id", "employee_phone_number"]
        }
    }

    /// The direction implied by the type itself, used when the payload carries no `direction`.
    public var impliedDirection: UISCallDirection? {
        switch self {
        case .incomingCall, .lostCall: return .incoming
        case .outgoingCall: return .outgoing
        default: return nil
        }
    }

    private static let head = ["notification_name", "notification_mnemonic", "virtual_phone_number", "notification_time"]
    private static let ringing = head + ["external_id", "contact_phone_number", "contact_id", "employee_full_name",
                                         "employee_id", "call_source", "call_session_id", "direction"]
}

/// A call's direction as UIS reports it (`direction`: `in` / `out`).
public enum UISCallDirection: String, Sendable, Hashable, Codable {
    case incoming = "in"
    case outgoing = "out"

    /// Tolerant: `in`, `incoming`, `inbound`, `out`, `outgoing`, `outbound` in any case; nil otherwise.
    public init?(uis text: String) {
        switch UISNotificationFields.trimmed(text).lowercased() {
        case "in", "incoming", "inbound": self = .incoming
        case "out", "outgoing", "outbound": self = .outgoing
        default: return nil
        }
    }
}
