import Foundation

/// The parser of UIS call notifications (webhooks): HTTP body bytes or GET query pairs → `CallNotification`.
///
/// Tolerant of what UIS and hand-edited templates vary: `null`s, numbers sent as strings and strings sent
/// as numbers, unknown extra fields, missing optional fields, a missing `&` between GET parameters. Strict
/// about what routing needs: a known `"event"` literal and a positive integer `call_session_id`.
/// How it fails: throws `UISNotificationError` with a short, secret-free reason; never traps, whatever the
/// input (size and nesting are guarded before decoding).
public enum UISCallNotification {
    /// Parses a POST body as JSON, whatever the Content-Type.
    public static func parse(body: Data) throws(UISNotificationError) -> CallNotification {
        try parse(fields: UISNotificationJSON.fields(fromBody: body))
    }

    /// Parses the variables of a GET notification (percent-decoded query pairs).
    public static func parse(query: [(name: String, value: String)]) throws(UISNotificationError) -> CallNotification {
        guard !query.isEmpty else { throw .emptyQuery }
        return try parse(fields: UISNotificationQuery.fields(fromQuery: query))
    }

    /// What the ingest calls with a whole request: the body when it holds anything but whitespace, else the
    /// query (the GET variant).
    public static func parse(body: Data, query: [(name: String, value: String)]) throws(UISNotificationError) -> CallNotification {
        if body.contains(where: { !(($0 == 0x20) || ($0 == 0x09) || ($0 == 0x0A) || ($0 == 0x0D)) }) {
            return try parse(body: body)
        }
        return try parse(query: query)
    }

    /// Builds the notification from an already-read variable bag.
    public static func parse(fields f: UISNotificationFields) throws(UISNotificationError) -> CallNotification {
        guard let eventText = f.text("event") else { throw .missingEvent }
        guard let type = UISCallEventType(discriminator: eventText) else { throw .unknownEvent }
        guard f.text("call_session_id") != nil else { throw .missingCallSessionId }
        guard let id = f.int("call_session_id"), id > 0 else { throw .invalidCallSessionId }

        var n = CallNotification(type: type, callSessionId: id)
        n.notificationName = f.text("notification_name")
        n.notificationMnemonic = f.text("notification_mnemonic")
        n.notificationTimeRaw = f.text("notification_time")
        n.notificationTimeMs = n.notificationTimeRaw.flatMap { UISNotificationTime.epochMilliseconds($0) }

        n.directionRaw = f.text("direction")
        n.direction = n.directionRaw.flatMap(UISCallDirection.init(uis:)) ?? type.impliedDirection
        n.virtualNumber = f.text("virtual_phone_number").map(CallNotification.Phone.init(raw:))
        n.contactNumber = f.text("contact_phone_number").map(CallNotification.Phone.init(raw:))

        n.employeeId = positive(f.int("employee_id"))
        n.employeeName = f.text("employee_full_name")
        n.employeePhone = f.text("employee_phone_number").map(CallNotification.Phone.init(raw:))
        n.employeeIds = f.intList("employee_ids").filter { $0 > 0 }
        n.lastTalkedEmployeeId = positive(f.int("last_talked_employee_id"))

        n.legId = positive(f.int("leg_id"))
        n.legIds = f.intList("leg_ids").filter { $0 > 0 }

        n.scenarioName = f.text("scenario_name")
        n.callSource = f.text("call_source")
        n.communicationNumber = f.text("communication_number")
        n.communicationId = f.text("communication_id")
        n.contactId = positive(f.int("contact_id"))
        n.contactName = f.text("contact_full_name")
        n.regionName = f.text("cpn_region_name")

        n.talkDuration = seconds(f.int("talk_time_duration"))
        n.totalDuration = seconds(f.int("total_time_duration"))
        n.waitDuration = seconds(f.int("wait_time_duration"))

        n.fileLink = f.text("file_link")
        n.fileDuration = seconds(f.int("file_duration"))
        n.tagIds = f.intList("tag_ids")
        n.tagNames = f.list("tag_names")
        n.externalId = f.text("external_id")
        n.isTransfer = f.bool("is_transfer")
        return n
    }

    private static func positive(_ v: Int64?) -> Int64? { v.flatMap { $0 > 0 ? $0 : nil } }
    private static func seconds(_ v: Int64?) -> Int64? { v.flatMap { $0 >= 0 ? $0 : nil } }
}
