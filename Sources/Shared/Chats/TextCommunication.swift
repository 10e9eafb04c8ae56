import Foundation

/// One chat or site lead as the chats worker acts on it: the authoritative record read from the Data API
/// (`get.chats_report` / `get.offline_messages_report`, enriched by `get.visitors`), normalised to one shape.
///
/// Why: notifications are hints and report rows of chats and leads differ; the processor, the rules and the
/// poller must agree on one record keyed by `communicationId` (a lead that also appears as a chat of type
/// `offline_message` is the same communication and becomes `.lead`). How it fails: it does not; what the row
/// lacks is nil.
public struct TextCommunication: Sendable, Hashable, Codable {
    public var flow: UISTextFlow
    public var communicationId: Int64
    /// `get.chats_report.id` (chats) or `get.offline_messages_report.id` (leads).
    public var recordId: Int64
    /// Chats: `new`, `active`, `lost`, `succeed`, `refused`; leads: the processing status.
    public var status: String?
    public var dateTime: String?

    public var visitorId: Int64?
    public var personId: Int64?
    public var visitorName: String?
    public var phone: CallNotification.Phone?
    public var email: String?
    /// Messenger username (`chat_username`, or `get.visitors.usernames`).
    public var username: String?

    public var chatChannelType: String?
    public var chatChannelName: String?
    public var formName: String?
    public var formType: String?
    public var leadText: String?

    public var siteDomainName: String?
    public var campaignName: String?
    public var sourceName: String?
    public var utmSource: String?
    public var utmMedium: String?
    public var utmCampaign: String?
    public var utmTerm: String?
    public var employeeName: String?
    public var tagNames: [String] = []

    public init(flow: UISTextFlow, communicationId: Int64, recordId: Int64) {
        self.flow = flow
        self.communicationId = communicationId
        self.recordId = recordId
    }

    /// A chat that UIS closed (`ChatsAssumptions.terminalChatStatuses`); leads are always "ended".
    public var isEnded: Bool {
        flow == .lead || status.map { ChatsAssumptions.terminalChatStatuses.contains($0.lowercased()) } == true
    }

    /// Whether anything identifies the client: a phone, an e-mail or a messenger username.
    public var hasContactData: Bool { phone?.e164 != nil || email != nil || username != nil }

    /// The chat's link in UIS's operator workplace (chats only).
    public var chatLink: String? { flow == .chat ? ChatsAssumptions.chatLink(chatId: Int(recordId)) : nil }

    /// One key per communication, whichever way (notification, poller, chat or lead) it arrived.
    public var effectKey: String { Self.effectKey(communicationId) }
    public static func effectKey(_ communicationId: Int64) -> String { "text:\(communicationId)" }

    /// The queue lane of the communication: the one the ingest uses for its notifications.
    public var orderingKey: String { "\(flow.rawValue):\(communicationId)" }

    /// Tags, merged without duplicates (case-insensitive), keeping the first spelling.
    public mutating func addTags(_ names: [String]) {
        for n in names.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !n.isEmpty {
            if !tagNames.contains(where: { $0.lowercased() == n.lowercased() }) { tagNames.append(n) }
        }
    }
}

extension TextCommunication {
    /// From a `get.chats_report` row; a chat of type `offline_message` is a lead.
    public init?(chat row: UISChat) {
        guard let communicationId = row.communicationId, communicationId > 0 else { return nil }
        let isLead = row.chatChannelType?.lowercased() == ChatsAssumptions.offlineMessageChannelType
            || row.communicationType?.lowercased() == ChatsAssumptions.offlineMessageChannelType
        self.init(flow: isLead ? .lead : .chat, communicationId: Int64(communicationId), recordId: Int64(row.id))
        status = row.status
        dateTime = row.dateTime
        visitorId = row.visitorId.map(Int64.init)
        personId = row.personId.map(Int64.init)
        phone = Self.phone(row.visitorPhoneNumber?.value)
        username = Self.text(row.chatUsername)
        chatChannelType = Self.text(row.chatChannelType)
        chatChannelName = Self.text(row.chatChannelName)
        siteDomainName = Self.text(row.siteDomainName)
        campaignName = Self.text(row.campaignName)
        sourceName = Self.text(row.sourceName)
        utmSource = Self.text(row.utmSource)
        utmMedium = Self.text(row.utmMedium)
        utmCampaign = Self.text(row.utmCampaign)
        utmTerm = Self.text(row.utmTerm)
        employeeName = Self.text(row.employeeFullName)
        addTags((row.tags ?? []).compactMap(\.tagName))
    }

    /// From a `get.offline_messages_report` row.
    public init?(lead row: UISOfflineMessage) {
        guard let communicationId = row.communicationId, communicationId > 0 else { return nil }
        self.init(flow: .lead, communicationId: Int64(communicationId), recordId: Int64(row.id))
        status = row.status
        dateTime = row.dateTime
        visitorId = row.visitorId.map(Int64.init)
        personId = row.personId.map(Int64.init)
        visitorName = Self.text(row.visitorName)
        phone = Self.phone(row.visitorPhoneNumber?.value)
        email = Self.text(row.visitorEmail)
        formName = Self.text(row.formName)
        formType = Self.text(row.formType)
        leadText = Self.text(row.text)
        siteDomainName = Self.text(row.siteDomainName)
        campaignName = Self.text(row.campaignName)
        sourceName = Self.text(row.sourceName)
        utmSource = Self.text(row.utmSource)
        utmMedium = Self.text(row.utmMedium)
        utmCampaign = Self.text(row.utmCampaign)
        utmTerm = Self.text(row.utmTerm)
        addTags((row.tags ?? []).compactMap(\.tagName))
    }

    /// Fills what the chat report lacks (name, e-mail, phone, username) from `get.visitors`.
    public mutating func enrich(with visitor: UISVisitor) {
        if visitorName == nil { visitorName = Self.text(visitor.name) }
        if email == nil { email = visitor.emails?.lazy.compactMap({ Self.text($0.value) }).first }
        if phone?.e164 == nil, let p = visitor.phones?.lazy.compactMap({ Self.phone($0.value) }).first(where: { $0.e164 != nil }) { phone = p }
        if username == nil { username = visitor.usernames?.lazy.compactMap({ Self.text($0.value) }).first }
    }

    /// Fills blanks from the notification that pointed at this record (the report may lag behind a tag).
    public mutating func merge(hint n: TextNotification) {
        addTags(n.tagNames)
        if visitorName == nil { visitorName = n.visitorName }
        if phone?.e164 == nil, let p = n.bestPhone, p.e164 != nil { phone = p }
        if email == nil { email = n.visitorEmail.flatMap(Self.text) }
    }

    /// The rules engine's view, keyed by the flow's catalogue names.
    public var ruleEvent: RuleEvent {
        var p: [String: String] = ["communication_id": String(communicationId)]
        p["visitor_name"] = visitorName
        p["visitor_phone"] = phone?.best
        p["tags"] = tagNames.isEmpty ? nil : tagNames.joined(separator: ", ")
        p["site"] = siteDomainName
        p["source"] = sourceName
        p["campaign"] = campaignName
        p["utm_source"] = utmSource
        p["utm_medium"] = utmMedium
        p["utm_campaign"] = utmCampaign
        p["utm_term"] = utmTerm
        p["employee_name"] = employeeName
        p["date_time"] = dateTime
        switch flow {
        case .chat:
            p["visitor_id"] = visitorId.map(String.init)
            p["chat_channel"] = chatChannelType
            p["chat_channel_name"] = chatChannelName
            p["chat_id"] = String(recordId)
            p["chat_link"] = chatLink
        case .lead:
            p["visitor_email"] = email
            p["lead_type"] = formType
            p["form_name"] = formName
            p["lead_text"] = leadText
        }
        return RuleEvent(flow: flow.ruleFlow, parameters: p)
    }

    static func text(_ s: String?) -> String? {
        guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }

    static func phone(_ raw: String?) -> CallNotification.Phone? {
        text(raw).map(CallNotification.Phone.init(raw:))
    }
}
