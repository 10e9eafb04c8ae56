import Foundation

/// Reads the authoritative record of a chat or lead from the UIS Data API: the report row with the
/// communication's id (`get.chats_report` or `get.offline_messages_report`), then, for a chat whose report lacks
/// the visitor's name or contacts, `get.visitors`. Every read spends the tenant's Data API budget.
///
/// How it fails: a communication the report does not show (yet) is nil (the caller retries; the poller catches
/// it later); budgets, quotas and credentials surface as the guard's `JobFailure`s.
public struct TextCommunicationReader: Sendable {
    public static let chatFields = UISDataClient.chatFields + ["communication_type", "person_id", "source_name", "utm_source",
                                                               "utm_medium", "utm_campaign", "utm_term", "utm_content", "tags"]
    public static let leadFields = UISDataClient.offlineMessageFields + ["person_id", "source_name", "utm_source", "utm_medium",
                                                                         "utm_campaign", "utm_term", "utm_content", "tags"]

    public let uis: UISDataClient
    public init(uis: UISDataClient) { self.uis = uis }

    /// The record a notification points at, looked for around the notification's time.
    public func record(for n: TextNotification, now: Date = Date(), holder: String) async throws -> TextCommunication? {
        let anchor = n.notificationTimeMs.map { Date(timeIntervalSince1970: Double($0) / 1000) }.map { min($0, now) } ?? now
        let till = now.addingTimeInterval(Double(ChatsAssumptions.notificationLookahead.milliseconds) / 1000)
        // An odd notification time must not make a window longer than the API allows (2 months is within 3).
        let from = max(anchor.addingTimeInterval(-Double(ChatsAssumptions.notificationLookback.milliseconds) / 1000),
                       till.addingTimeInterval(-60 * 86_400))
        let filter = UISFilter.equals(ChatsAssumptions.leadReportFilterField, .number(Double(n.communicationId)))
        var found: TextCommunication?
        switch n.flow {
        case .lead:
            found = try await uis.getOfflineMessagesReport(from: from, till: till, fields: Self.leadFields, filter: filter, holder: holder)
                .rows.lazy.compactMap(TextCommunication.init(lead:)).first
        case .chat:
            found = try await uis.getChatsReport(from: from, till: till, fields: Self.chatFields, filter: filter, holder: holder)
                .rows.lazy.compactMap(TextCommunication.init(chat:)).first
            if found?.flow == .lead {
                // A chat of type offline_message: the lead report has its form fields.
                let lead = try await uis.getOfflineMessagesReport(from: from, till: till, fields: Self.leadFields, filter: filter, holder: holder)
                    .rows.lazy.compactMap(TextCommunication.init(lead:)).first
                found = lead ?? found
            }
        }
        guard var record = found else { return nil }
        record.merge(hint: n)
        return record
    }

    /// Fills a chat's visitor name and contacts from `get.visitors` when the report lacks them.
    public func enriched(_ c: TextCommunication, holder: String) async throws -> TextCommunication {
        guard c.flow == .chat, let visitorId = c.visitorId, c.visitorName == nil || c.email == nil || c.phone?.e164 == nil else { return c }
        guard let visitor = try await uis.getVisitors(ids: [Int(visitorId)], holder: holder).first(where: { $0.id == Int(visitorId) }) else { return c }
        var out = c
        out.enrich(with: visitor)
        return out
    }

    /// Every message of a chat, in order, for its transcript.
    public func messages(chatId: Int, holder: String) async throws -> [UISChatMessage] {
        try await UISDataClient.allPages { offset in
            try await uis.getChatMessagesReport(chatIds: [chatId], offset: offset, holder: holder)
        }
    }
}
