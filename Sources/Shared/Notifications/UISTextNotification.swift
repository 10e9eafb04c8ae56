import Foundation

/// The parser of UIS chat and lead notifications (webhooks): HTTP body bytes or GET query pairs →
/// `TextNotification`, the sibling of `UISCallNotification` with the same tolerances and guards.
///
/// Tolerant of `null`s, numbers sent as strings and strings sent as numbers, unknown extra fields, missing
/// optional fields, a missing `&` between GET parameters. Strict about what routing needs: a known `"event"`
/// literal (`UISTextEventType`) and a positive integer `communication_id` (a `visitor_id`-only body is refused:
/// a visitor has many chats, so it cannot key one communication; see `UISNotificationAssumptions`). A
/// `communication_type` naming a call, e-mail or goal is refused; on a tag event, one naming a lead moves the
/// notification to the lead flow. How it fails: throws `UISNotificationError` with a short, secret-free
/// reason; never traps, whatever the input (size and nesting are guarded before decoding).
public enum UISTextNotification {
    /// Parses a POST body as JSON, whatever the Content-Type.
    public static func parse(body: Data) throws(UISNotificationError) -> TextNotification {
        try parse(fields: UISNotificationJSON.fields(fromBody: body))
    }

    /// Parses the variables of a GET notification (percent-decoded query pairs).
    public static func parse(query: [(name: String, value: String)]) throws(UISNotificationError) -> TextNotification {
        guard !query.isEmpty else { throw .emptyQuery }
        return try parse(fields: UISNotificationQuery.fields(fromQuery: query))
    }

    /// What the ingest calls with a whole request: the body when it holds anything but whitespace, else the
    /// query (the GET variant).
    public static func parse(body: Data, query: [(name: String, value: String)]) throws(UISNotificationError) -> TextNotification {
        if body.contains(where: { !(($0 == 0x20) || ($0 == 0x09) || ($0 == 0x0A) || ($0 == 0x0D)) }) {
            return try parse(body: body)
        }
        return try parse(query: query)
    }

    /// Builds the notification from an already-read variable bag.
    public static func parse(fields f: UISNotificationFields) throws(UISNotificationError) -> TextNotification {
        guard let eventText = f.text("event") else { throw .missingEvent }
        guard let type = UISTextEventType(discriminator: eventText) else { throw .unknownTextEvent }
        guard f.text("communication_id") != nil else { throw .missingCommunicationId }
        guard let id = f.int("communication_id"), id > 0 else { throw .invalidCommunicationId }

        let communicationType = f.text("communication_type")
        if let communicationType, UISTextFlow.isOtherCommunication(communicationType) { throw .notTextCommunication }
        var flow = type.flow
        if type == .chatTagSet, let named = communicationType.flatMap(UISTextFlow.init(communicationType:)) { flow = named }

        var n = TextNotification(type: type, communicationId: id, flow: flow)
        n.notificationName = f.text("notification_name")
        n.notificationMnemonic = f.text("notification_mnemonic")
        n.notificationTimeRaw = f.text("notification_time")
        n.notificationTimeMs = n.notificationTimeRaw.flatMap { UISNotificationTime.epochMilliseconds($0) }
        n.communicationTypeRaw = communicationType
        n.communicationNumber = positive(f.int("communication_number"))

        n.visitorId = positive(f.int("visitor_id"))
        n.visitorName = f.text("visitor_name")
        n.visitorPhone = f.text("visitor_phone_number").map(TextNotification.Phone.init(raw:))
        n.contactPhone = f.text("contact_phone_number").map(TextNotification.Phone.init(raw:))
        n.visitorEmail = f.text("visitor_email")

        n.chatChannelName = f.text("chat_channel_name")
        n.chatChannelType = f.text("chat_channel_type")
        n.formName = f.text("form_name")
        n.formType = f.text("form_type")
        n.leadText = f.text("text")

        n.siteDomainName = f.text("site_domain_name")
        n.campaignName = f.text("campaign_name")
        n.sourceName = f.text("source_name")
        n.utmSource = f.text("utm_source")
        n.utmMedium = f.text("utm_medium")
        n.utmCampaign = f.text("utm_campaign")
        n.utmTerm = f.text("utm_term")
        n.utmContent = f.text("utm_content")

        n.employeeId = positive(f.int("employee_id"))
        n.employeeName = f.text("employee_full_name")
        n.tagIds = f.intList("tag_ids").filter { $0 > 0 }
        n.tagNames = f.list("tag_names")
        return n
    }

    private static func positive(_ v: Int64?) -> Int64? { v.flatMap { $0 > 0 ? $0 : nil } }
}
