/// One UIS chat or lead notification, normalised: the typed job payload the ingest enqueues for the text
/// flows, the sibling of `CallNotification`.
///
/// Why: chat and lead payloads differ per event type and per admin-written template; downstream code must see
/// one shape with typed ids, parsed time and normalised phones, and keep the raw texts for display and audit.
/// Only `type`, `flow` and `communicationId` are guaranteed; everything else is optional. A notification is a
/// hint: the poller (`get.chats_report` / `get.offline_messages_report`, filtered by `communication_id`) stays
/// the source of truth. How it fails: it is built only by `UISTextNotification.parse`, which refuses payloads
/// without a known `event` or a positive `communication_id`. Decoding a payload with another `payloadVersion`
/// is the consumer's decision (check `isCurrentVersion`).
public struct TextNotification: Sendable, Hashable, Codable {
    /// Bumped when a field changes meaning or is removed; adding optional fields keeps the version.
    public static let payloadVersion = 1

    public typealias Phone = CallNotification.Phone

    public var payloadVersion: Int = Self.payloadVersion
    public var type: UISTextEventType
    /// `type.flow`, except for a tag event on a lead (`communication_type` says so).
    public var flow: UISTextFlow
    /// The «обращение» id (`communication_id`), the key deals and the reports share; not the chat `id`.
    public var communicationId: Int64

    public var notificationName: String?
    /// Raw `notification_mnemonic`; its values are unverified and never used to pick the type.
    public var notificationMnemonic: String?
    public var notificationTimeRaw: String?
    /// `notification_time` read as Moscow wall-clock time, in ms since the epoch.
    public var notificationTimeMs: Int64?
    /// Raw `communication_type` (`chat`, `offline_message`, or however UIS renders it).
    public var communicationTypeRaw: String?
    /// «Номер обращения в рамках персоны»: 1 for a visitor's first communication.
    public var communicationNumber: Int64?

    public var visitorId: Int64?
    public var visitorName: String?
    public var visitorPhone: Phone?
    /// `contact_phone_number` (seen in an offline-message body); `bestPhone` prefers `visitorPhone`.
    public var contactPhone: Phone?
    /// Trimmed, as received; not validated.
    public var visitorEmail: String?

    /// Chat channel name and type (`telegram`, `whatsapp`, `comagic`, …), not the traffic `channel`.
    public var chatChannelName: String?
    public var chatChannelType: String?

    /// Lead form fields.
    public var formName: String?
    public var formType: String?
    public var leadText: String?

    /// Without protocol, e.g. `shop.example.ru`.
    public var siteDomainName: String?
    public var campaignName: String?
    public var sourceName: String?
    public var utmSource: String?
    public var utmMedium: String?
    public var utmCampaign: String?
    public var utmTerm: String?
    public var utmContent: String?

    public var employeeId: Int64?
    public var employeeName: String?
    public var tagIds: [Int64] = []
    public var tagNames: [String] = []

    public init(type: UISTextEventType, communicationId: Int64, flow: UISTextFlow? = nil) {
        self.type = type
        self.flow = flow ?? type.flow
        self.communicationId = communicationId
    }

    public var isCurrentVersion: Bool { payloadVersion == Self.payloadVersion }

    /// The visitor's phone when known, else the contact phone.
    public var bestPhone: Phone? { visitorPhone ?? contactPhone }

    /// One ordering key per communication, so all events of a chat (or lead) are processed in order by one worker.
    public var orderingKey: String { "\(flow.rawValue):\(communicationId)" }

    /// One key per (communication, event type) and, for tag events, per tag set: a duplicate delivery collapses,
    /// while a second, different tag on the same chat stays a new event. The tag part is the sorted `tag_ids`
    /// joined with `+`, else the sorted lower-cased `tag_names` joined with `|`, else `-`. Setting the same tag
    /// twice (removed and re-added) collapses; that is accepted.
    public var deduplicationKey: String {
        let base = "\(flow.rawValue):\(communicationId):\(type.rawValue)"
        guard type == .chatTagSet else { return base }
        let tags: String
        if !tagIds.isEmpty { tags = "id" + Set(tagIds).sorted().map(String.init).joined(separator: "+") }
        else if !tagNames.isEmpty { tags = "name" + Set(tagNames.map { $0.lowercased() }).sorted().joined(separator: "|") }
        else { tags = "-" }
        return base + ":" + tags
    }
}
