import Foundation

/// One tenant's UIS Data API v2.0 client (JSON-RPC 2.0, default `https://dataapi.uiscom.ru/v2.0`): employees,
/// call/chat/lead reports and the deal upload for ad analytics (`UISDataClient+Deals.swift`).
///
/// Every method takes `holder` (the job id spending the tenant's points budget) and goes through
/// `RemoteCallGuard`. Results carry `metadata.limits`. How it fails: `JobFailure` from the guard (see
/// `UISRPCEndpoint`); a report window that is empty or longer than the API allows fails permanently before any
/// request (`UISReportWindow`); paging beyond `offset` 100 000 stops.
public struct UISDataClient: Sendable {
    public static let defaultURL = URL(string: "https://dataapi.uiscom.ru/v2.0")!
    let endpoint: UISRPCEndpoint
    /// The account timezone used for report dates.
    public let timeZone: TimeZone

    public init(tenant: String, token: String, url: URL = UISDataClient.defaultURL, budget: RateBudget = .uisData,
                timeZone: TimeZone = UISAssumptions.defaultReportTimeZone, callGuard: RemoteCallGuard,
                transport: any RemoteTransport = HTTPClientRemoteTransport(), timeout: Duration = .seconds(60)) {
        endpoint = UISRPCEndpoint(tenant: tenant, api: .uisData, url: url, token: token, budget: budget, callGuard: callGuard,
                                  transport: transport, timeout: timeout)
        self.timeZone = timeZone
    }

    /// Fields asked for by default (many useful ones are not returned unless requested).
    public static let employeeFields = ["id", "login", "full_name", "first_name", "last_name", "email", "extension", "phone_numbers", "status_id", "groups"]
    public static let callFields = ["id", "start_time", "finish_time", "finish_reason", "direction", "is_lost", "source", "contact_phone_number",
                                    "virtual_phone_number", "communication_id", "wait_duration", "talk_duration", "total_duration", "call_records",
                                    "full_record_file_link", "employees", "last_talked_employee_id", "last_talked_employee_full_name",
                                    "scenario_name", "site_domain_name", "campaign_name", "call_api_external_id"]
    public static let chatFields = ["id", "status", "initiator", "date_time", "duration", "communication_id", "release_cause", "employee_id",
                                    "employee_full_name", "visitor_id", "visitor_phone_number", "chat_channel_type", "chat_channel_name",
                                    "chat_username", "messages_count", "site_domain_name", "campaign_name"]
    public static let chatMessageFields = ["id", "chat_id", "date_time", "text", "source", "visitor_id", "employee_id", "employee_full_name", "resource"]
    public static let offlineMessageFields = ["id", "communication_id", "date_time", "text", "status", "form_type", "form_name", "employee_id",
                                              "visitor_id", "visitor_name", "visitor_phone_number", "visitor_email", "site_domain_name", "campaign_name"]

    /// `get.employees`.
    public func getEmployees(fields: [String] = UISDataClient.employeeFields, filter: UISFilter? = nil,
                             limit: Int = UISAssumptions.defaultLimit, offset: Int = 0, holder: String) async throws -> UISPage<UISEmployee> {
        try await page("get.employees", UISGetParams(fields: fields, filter: filter, limit: limit, offset: offset), holder: holder)
    }

    /// `get.calls_report` for `from..till` (at most 3 months).
    public func getCallsReport(from: Date, till: Date, fields: [String] = UISDataClient.callFields, filter: UISFilter? = nil,
                               includeOngoingCalls: Bool? = nil, limit: Int = UISAssumptions.defaultLimit, offset: Int = 0,
                               holder: String) async throws -> UISPage<UISCallRecord> {
        let w = try UISReportWindow(from: from, till: till, timeZone: timeZone).validated()
        var p = UISGetParams(fields: fields, filter: filter, limit: limit, offset: offset, window: w)
        p.includeOngoingCalls = includeOngoingCalls
        return try await page("get.calls_report", p, holder: holder)
    }

    /// `get.chats_report` for `from..till` (at most 3 months).
    public func getChatsReport(from: Date, till: Date, fields: [String] = UISDataClient.chatFields, filter: UISFilter? = nil,
                               limit: Int = UISAssumptions.defaultLimit, offset: Int = 0, holder: String) async throws -> UISPage<UISChat> {
        let w = try UISReportWindow(from: from, till: till, timeZone: timeZone).validated()
        return try await page("get.chats_report", UISGetParams(fields: fields, filter: filter, limit: limit, offset: offset, window: w), holder: holder)
    }

    /// `get.chat_messages_report` for given chats (preferred: transcripts of closed chats in one call).
    public func getChatMessagesReport(chatIds: [Int], fields: [String] = UISDataClient.chatMessageFields,
                                      limit: Int = UISAssumptions.defaultLimit, offset: Int = 0, holder: String) async throws -> UISPage<UISChatMessage> {
        var p = UISGetParams(fields: fields, limit: limit, offset: offset)
        p.chatIds = chatIds
        return try await page("get.chat_messages_report", p, holder: holder)
    }

    /// `get.chat_messages_report` by dates (at most 30 days).
    public func getChatMessagesReport(from: Date, till: Date, fields: [String] = UISDataClient.chatMessageFields,
                                      limit: Int = UISAssumptions.defaultLimit, offset: Int = 0, holder: String) async throws -> UISPage<UISChatMessage> {
        let w = try UISReportWindow(from: from, till: till, timeZone: timeZone).validated(maxDays: UISAssumptions.maxChatMessagesWindowDays)
        return try await page("get.chat_messages_report", UISGetParams(fields: fields, limit: limit, offset: offset, window: w), holder: holder)
    }

    /// `get.offline_messages_report` (site leads) for `from..till` (at most 3 months).
    public func getOfflineMessagesReport(from: Date, till: Date, fields: [String] = UISDataClient.offlineMessageFields,
                                         filter: UISFilter? = nil, includeTechOfflineMessages: Bool? = nil,
                                         limit: Int = UISAssumptions.defaultLimit, offset: Int = 0,
                                         holder: String) async throws -> UISPage<UISOfflineMessage> {
        let w = try UISReportWindow(from: from, till: till, timeZone: timeZone).validated()
        var p = UISGetParams(fields: fields, filter: filter, limit: limit, offset: offset, window: w)
        p.includeTechOfflineMessages = includeTechOfflineMessages
        return try await page("get.offline_messages_report", p, holder: holder)
    }

    /// Reads every page: `offset += limit` until `total_items` is reached, a page is short, or the API's
    /// maximum offset is passed. Each page is one request (one point).
    public static func allPages<Row>(limit: Int = UISAssumptions.defaultLimit,
                                     _ fetch: (_ offset: Int) async throws -> UISPage<Row>) async throws -> [Row] {
        var rows: [Row] = []
        var offset = 0
        while offset <= UISAssumptions.maxOffset {
            let page = try await fetch(offset)
            rows += page.rows
            offset += limit
            if page.rows.count < limit { break }
            if let total = page.totalItems, offset >= total { break }
        }
        return rows
    }

    func page<Row: Decodable & Sendable>(_ method: String, _ params: UISGetParams, holder: String) async throws -> UISPage<Row> {
        let response = try await endpoint.call(method, params: params, as: [Row].self, holder: holder)
        return UISPage(rows: response.data, totalItems: response.metadata.totalItems, limits: response.limits)
    }
}

/// The params of every `get.*` call (nil ones are left out).
struct UISGetParams: Encodable {
    var dateFrom: String?
    var dateTill: String?
    var fields: [String]?
    var filter: UISFilter?
    var sort: [UISSort]?
    var limit: Int?
    var offset: Int?
    var includeOngoingCalls: Bool?
    var includeTechOfflineMessages: Bool?
    var chatIds: [Int]?
    var ids: [Int]?

    init(fields: [String]?, filter: UISFilter? = nil, limit: Int, offset: Int, window: UISReportWindow? = nil) {
        self.fields = fields
        self.filter = filter
        self.limit = min(max(1, limit), UISAssumptions.maxLimit)
        self.offset = max(0, offset)
        dateFrom = window?.dateFrom
        dateTill = window?.dateTill
    }
}
