import Foundation
@testable import Shared

/// Realistic notification bodies per event type, built from uis-api.md §4.2/§4.3 with the quirks the parser must
/// tolerate: `null`s, numbers as strings, strings as numbers, unknown extra fields.
enum UISNotificationSamples {
    /// §4.3's captured "call finished" payload verbatim, plus our `event` literal.
    static let capturedCallFinished = """
    {"event":"call_finished","notification_name":"crm-out","virtual_phone_number":"78633109653","notification_time":"2019-12-16 14:40:47.234",
     "external_id":null,"contact_phone_number":"79508418541","employee_full_name":"…","employee_id":323409,
     "call_source":"va","direction":"in","call_session_id":998677427,"scenario_name":"…",
     "talk_time_duration":12,"total_time_duration":23,"wait_time_duration":11,"tag_names":null,
     "is_transfer":false,"last_talked_employee_id":323409}
    """

    static let incomingCall = """
    {"event":"incoming_call","notification_mnemonic":"unknown_mnemonic","notification_name":"Планфикс: входящий",
     "virtual_phone_number":"74951234567","notification_time":"2024-03-05 10:15:30.120","scenario_name":"Основной",
     "contact_phone_number":"8 (900) 123-45-67","communication_number":1,"contact_id":null,"contact_full_name":null,
     "call_session_id":"3456789012","app_id":42,"attributes":[]}
    """

    static let waitingForAnswer = """
    {"event":"waiting_for_answer","notification_name":"wait","notification_mnemonic":null,"virtual_phone_number":74951234567,
     "notification_time":"2024-03-05 10:15:31","external_id":null,"contact_phone_number":"79001234567","contact_id":"88",
     "employee_full_name":"Анна Смирнова","employee_id":"5001","call_source":"va","call_session_id":3456789012,
     "direction":"in","leg_id":777001,"unexpected":{"nested":[1,2,{"x":null}]}}
    """

    static let talkStarted = """
    {"event":"talk_started","notification_name":"talk","notification_mnemonic":"x","virtual_phone_number":"74951234567",
     "notification_time":"2024-03-05 10:15:40.5","external_id":"crm-77","contact_phone_number":"79001234567","contact_id":88,
     "employee_full_name":"Анна Смирнова","employee_id":5001,"call_source":"va","call_session_id":3456789012,
     "direction":"in","leg_ids":[777001]}
    """

    static let talkFinished = """
    {"event":"talk_finished","notification_name":"talk-end","notification_mnemonic":null,"virtual_phone_number":"74951234567",
     "notification_time":"2024-03-05 10:16:45.000","external_id":null,"contact_phone_number":"79001234567","contact_id":null,
     "employee_full_name":"Анна Смирнова","employee_id":5001,"call_source":"va","call_session_id":"3456789012",
     "direction":"in","leg_ids":"777001","communication_number":"2","scenario_name":"Основной","talk_time_duration":"65"}
    """

    static let lostCall = """
    {"event":"lost_call","notification_name":"lost","notification_mnemonic":null,"virtual_phone_number":"74951234567",
     "notification_time":"2024-03-05 11:00:00","scenario_name":"Основной","wait_time_duration":31,"employee_ids":[5001,"5002"],
     "contact_phone_number":"79001112233","communication_number":3,"contact_id":91,"contact_full_name":"Иван Петров",
     "call_session_id":3456790000}
    """

    static let recordingReady = """
    {"event":"recording_ready","notification_name":"rec","notification_mnemonic":null,"virtual_phone_number":"74951234567",
     "notification_time":"2024-03-05 10:17:02.999","scenario_name":"Основной","contact_phone_number":"79001234567",
     "communication_number":2,"contact_id":88,"contact_full_name":"Пётр","call_session_id":3456789012,
     "employee_full_name":"Анна Смирнова","employee_id":5001,"file_link":"https://media.uiscom.ru/rec/abc.mp3?x=1",
     "file_duration":"65","tag_ids":[1,2],"tag_names":["Целевой","Новый"]}
    """

    static let outgoingCall = """
    {"event":"outgoing_call","notification_name":"out","notification_mnemonic":null,"virtual_phone_number":"74951234567",
     "notification_time":"2024-03-05 12:00:00","contact_phone_number":79001234567,"contact_id":null,"contact_full_name":null,
     "call_session_id":3456800000,"employee_full_name":"Анна Смирнова","employee_id":5001,"employee_phone_number":"101"}
    """

    static let all: [(UISCallEventType, String)] = [
        (.incomingCall, incomingCall), (.waitingForAnswer, waitingForAnswer), (.talkStarted, talkStarted),
        (.talkFinished, talkFinished), (.callFinished, capturedCallFinished), (.lostCall, lostCall),
        (.recordingReady, recordingReady), (.outgoingCall, outgoingCall),
    ]

    /// A JSON literal for each template variable, as UIS would substitute it.
    static func literal(_ variable: String) -> String {
        switch variable {
        case "call_session_id": return "998677427"
        case "employee_id", "contact_id", "leg_id": return "323409"
        case "talk_time_duration", "total_time_duration", "wait_time_duration", "file_duration", "communication_number": return "12"
        case "leg_ids", "employee_ids", "tag_ids": return "[1,2]"
        case "tag_names": return "[\"Целевой\"]"
        case "external_id", "notification_mnemonic": return "null"
        case "notification_time": return "\"2019-12-16 14:40:47.234\""
        case "direction": return "\"in\""
        case "virtual_phone_number", "contact_phone_number": return "\"79508418541\""
        default: return "\"sample \\\"\(variable)\\\"\""
        }
    }

    static func parse(_ json: String) throws -> CallNotification {
        try UISCallNotification.parse(body: Data(json.utf8))
    }

    static func error(_ body: Data) -> UISNotificationError? {
        do { _ = try UISCallNotification.parse(body: body); return nil } catch { return error }
    }
}
