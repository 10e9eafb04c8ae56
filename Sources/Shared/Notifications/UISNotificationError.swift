/// Why a UIS call, chat or lead notification was refused. Small, `Equatable`, and secret-free: the reason names the rule
/// that failed, never the body (which may carry phone numbers, names or a URL secret).
///
/// How it is used: the ingest answers 4xx (or 2xx-and-drop) and logs `code` and `reason`; tests compare codes.
public struct UISNotificationError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case tooLarge, tooDeep, notJSON, notObject, emptyQuery
        case missingEvent, unknownEvent, missingCallSessionId, invalidCallSessionId
        case missingCommunicationId, invalidCommunicationId, notTextCommunication
    }

    public let code: Code
    /// A short English sentence with no payload content.
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }

    static let tooLarge = Self(.tooLarge, "body exceeds \(UISNotificationAssumptions.maxBodyBytes) bytes")
    static let tooDeep = Self(.tooDeep, "JSON nested deeper than \(UISNotificationAssumptions.maxNestingDepth)")
    static let notJSON = Self(.notJSON, "body is not valid JSON")
    static let notObject = Self(.notObject, "body is JSON but not an object")
    static let emptyQuery = Self(.emptyQuery, "neither a body nor query parameters")
    static let missingEvent = Self(.missingEvent, "field \"event\" is missing or empty")
    static let unknownEvent = Self(.unknownEvent, "field \"event\" is not a known call event type")
    static let missingCallSessionId = Self(.missingCallSessionId, "field \"call_session_id\" is missing or null")
    static let invalidCallSessionId = Self(.invalidCallSessionId, "field \"call_session_id\" is not a positive integer")
    static let unknownTextEvent = Self(.unknownEvent, "field \"event\" is not a known chat or lead event type")
    static let missingCommunicationId = Self(.missingCommunicationId, "field \"communication_id\" is missing or null")
    static let invalidCommunicationId = Self(.invalidCommunicationId, "field \"communication_id\" is not a positive integer")
    static let notTextCommunication = Self(.notTextCommunication, "field \"communication_type\" names neither a chat nor a lead")
}
