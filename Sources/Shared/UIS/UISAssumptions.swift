import Foundation

/// Every guess the UIS clients make where the references (`uis-api.md`, `uis-chats-leads-deals.md`) say
/// "unverified" or the docs contradict themselves, in one place so it is easy to correct on a live account.
public enum UISAssumptions {
    /// uis-api.md §2.1 / chats §2.1: the timezone of `date_from`/`date_till` and of report dates is not stated;
    /// most likely the account's (`get.account.timezone`). Default when a tenant does not configure one.
    public static let defaultReportTimeZone = TimeZone(identifier: "Europe/Moscow")!

    /// uis-api.md §1.5: "a 3-month maximum window". Interpreted as calendar months in the report timezone, the
    /// end inclusive (`till <= from + 3 months`); the exact boundary is unverified.
    public static let maxReportWindowMonths = 3

    /// chats §2.3: `get.chat_messages_report` by dates allows at most 30 days.
    public static let maxChatMessagesWindowDays = 30

    /// uis-api.md §2.1: `limit` ≤ 10 000, `offset` ≤ 100 000 (documented); the client pages with 1000.
    public static let maxLimit = 10_000
    public static let maxOffset = 100_000
    public static let defaultLimit = 1_000

    /// chats §3.4–3.5: `create.deal_contacts` and `upload.deals_history` take at most 1000 items per call.
    public static let maxDealContactsPerCall = 1_000
    public static let maxDealsPerUpload = 1_000

    /// uis-api.md §1.2: whether one key serves both the Data API and the Call API is unverified; the clients
    /// take their tokens separately so a tenant can configure two.
    public static let separateCallAPIToken = true

    /// chats §2.2 / uis-api.md §2.4: `visitor_phone_number` is typed as a number and `duration` as a string in
    /// the docs; row fields that vary like this are decoded leniently (`UISText`).
    public static let lenientScalars = true
}
