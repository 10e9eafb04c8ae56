/// One UIS call notification, normalised: the typed job payload the ingest enqueues and the workers consume.
///
/// Why: UIS payloads differ per event type and per admin-written template; downstream code must see one
/// shape with typed ids, parsed time and normalised phones, and keep the raw texts for display and audit.
/// Only `type` and `callSessionId` are guaranteed; everything else is optional (absent, `null` or unreadable
/// in the payload). How it fails: it is built only by `UISCallNotification.parse`, which refuses payloads
/// without a known `event` or a positive `call_session_id`. Decoding a payload with another
/// `payloadVersion` is the consumer's decision (check `isCurrentVersion`).
public struct CallNotification: Sendable, Hashable, Codable {
    /// Bumped when a field changes meaning or is removed; adding optional fields keeps the version.
    public static let payloadVersion = 1

    /// A phone number as received plus its canonical form when `PhoneNumber` recognises it.
    public struct Phone: Sendable, Hashable, Codable {
        public var raw: String
        /// `+79001234567`, or nil when the raw text is not a phone (an extension, a SIP id, garbage).
        public var e164: String?
        public var extensionNumber: String?

        public init(raw: String) {
            self.raw = raw
            let parsed = PhoneNumber(parsing: raw)
            e164 = parsed?.e164
            extensionNumber = parsed?.extensionNumber
        }

        /// The canonical form when known, else the raw text.
        public var best: String { e164 ?? raw }
    }

    public var payloadVersion: Int = Self.payloadVersion
    public var type: UISCallEventType
    public var callSessionId: Int64

    public var notificationName: String?
    /// Raw `notification_mnemonic`; its values are unverified and never used to pick the type.
    public var notificationMnemonic: String?
    public var notificationTimeRaw: String?
    /// `notification_time` read as Moscow wall-clock time, in ms since the epoch.
    public var notificationTimeMs: Int64?

    /// `direction` when present and readable, else the direction the event type implies.
    public var direction: UISCallDirection?
    public var directionRaw: String?
    public var virtualNumber: Phone?
    public var contactNumber: Phone?

    public var employeeId: Int64?
    public var employeeName: String?
    public var employeePhone: Phone?
    /// Lost call: the employees who were rung.
    public var employeeIds: [Int64] = []
    public var lastTalkedEmployeeId: Int64?

    public var legId: Int64?
    public var legIds: [Int64] = []

    public var scenarioName: String?
    /// `call_source` (`va`, `callapi`, …; the `get.calls_report.source` enum).
    public var callSource: String?
    public var communicationNumber: String?
    public var communicationId: String?
    public var contactId: Int64?
    public var contactName: String?
    public var regionName: String?

    /// Seconds.
    public var talkDuration: Int64?
    public var totalDuration: Int64?
    public var waitDuration: Int64?

    public var fileLink: String?
    /// Seconds.
    public var fileDuration: Int64?
    public var tagIds: [Int64] = []
    public var tagNames: [String] = []
    public var externalId: String?
    public var isTransfer: Bool?

    public init(type: UISCallEventType, callSessionId: Int64) {
        self.type = type
        self.callSessionId = callSessionId
    }

    public var isCurrentVersion: Bool { payloadVersion == Self.payloadVersion }

    /// One ordering key per call, so all events of a call are processed in order by one worker.
    public var orderingKey: String { "call:\(callSessionId)" }

    /// One key per (call, event type, employee leg): a duplicate delivery of the same notification collapses,
    /// while the same event for two employees (group ring) stays two. The leg part is `leg_id`, else the
    /// sorted `leg_ids` joined with `+`, else `employee_id`, else `-`.
    public var deduplicationKey: String {
        let leg: String
        if let legId { leg = "leg\(legId)" }
        else if !legIds.isEmpty { leg = "leg" + legIds.sorted().map(String.init).joined(separator: "+") }
        else if let employeeId { leg = "emp\(employeeId)" }
        else { leg = "-" }
        return "\(callSessionId):\(type.rawValue):\(leg)"
    }
}
