/// Request shapes for the UIS deal upload used by ad analytics (uis-chats-leads-deals.md §3): a sales funnel,
/// the CRM's employees and contacts, and deal history records. Properties are camelCase versions of the API's
/// snake_case names (the encoder converts them); nil ones are not sent.
///
/// How they can fail: UIS validates them (`-32602` with the offending `field`); one invalid deal fails a whole
/// `upload.deals_history` call, which the guard reports as permanent.

/// `create.sales_funnel`: exactly one success stage, one failed stage, 1–100 in-process stages.
public struct UISSalesFunnel: Sendable, Equatable, Codable {
    public struct Stage: Sendable, Equatable, Codable {
        public var extId: String
        public var name: String
        /// In-process stages only (≤ 10 000).
        public var order: Int?
        public init(extId: String, name: String, order: Int? = nil) {
            self.extId = extId
            self.name = name
            self.order = order
        }
    }
    public struct Stages: Sendable, Equatable, Codable {
        public var success: Stage
        public var failed: Stage
        public var inProcess: [Stage]
    }
    public var extId: String
    public var name: String
    public var stages: Stages

    public init(extId: String, name: String, success: Stage, failed: Stage, inProcess: [Stage]) {
        self.extId = extId
        self.name = name
        stages = Stages(success: success, failed: failed, inProcess: inProcess)
    }
}

/// One `create.deal_contacts` contact.
public struct UISDealContact: Sendable, Equatable, Encodable {
    public var extId: String
    public var name: String
    /// `YYYY-MM-DD hh:mm:ss`.
    public var createdDateTime: String?
    /// E.164 digits.
    public var phoneNumbers: [String]?
    public var emails: [String]?

    public init(extId: String, name: String, createdDateTime: String? = nil, phoneNumbers: [String]? = nil, emails: [String]? = nil) {
        self.extId = extId
        self.name = name
        self.createdDateTime = createdDateTime
        self.phoneNumbers = phoneNumbers
        self.emails = emails
    }
}

/// One `upload.deals_history` record: the deal as it entered `stageExtId` at `modifiedStageDateTime`.
/// Decodable too: staged records wait in Redis until they are uploaded (`DealPendingEntry`).
public struct UISDealRecord: Sendable, Equatable, Codable {
    public struct UserField: Sendable, Equatable, Codable {
        public var extId: String
        public var value: JSONValue
        public init(extId: String, value: JSONValue) {
            self.extId = extId
            self.value = value
        }
    }
    /// The CRM's deal id (e.g. the Planfix task number).
    public var extId: String
    public var name: String
    /// Dates as `YYYY-MM-DD hh:mm:ss` (`UISReportWindow.format`).
    public var createdDateTime: String
    /// Must be ≥ the previously uploaded record's, or the whole call fails.
    public var modifiedStageDateTime: String
    public var modifiedDateTime: String?
    /// Only for success/failed stages.
    public var closedDateTime: String?
    public var salesFunnelExtId: String
    public var stageExtId: String
    /// The amount.
    public var revenue: Double?
    /// `contactExtIds` and `mainContactExtId` require each other.
    public var contactExtIds: [String]?
    public var mainContactExtId: String?
    /// `communicationId` and `communicationType` (`chat`, `offline_message`, `call`, `goal`, `email`) require each other.
    public var communicationId: Int?
    public var communicationType: String?
    public var employeeExtId: String?
    public var comments: String?
    public var userFields: [UserField]?

    public init(extId: String, name: String, createdDateTime: String, modifiedStageDateTime: String, salesFunnelExtId: String,
                stageExtId: String, revenue: Double? = nil) {
        self.extId = extId
        self.name = name
        self.createdDateTime = createdDateTime
        self.modifiedStageDateTime = modifiedStageDateTime
        self.salesFunnelExtId = salesFunnelExtId
        self.stageExtId = stageExtId
        self.revenue = revenue
    }
}

struct UISDealContactsParams: Encodable { var contacts: [UISDealContact] }
/// `update.deal_contacts`: one contact; the lists are always sent, since UIS replaces them whole (an empty list
/// clears them, `DealAssumptions.contactUpdateReplacesLists`).
struct UISDealContactUpdateParams: Encodable {
    var extId: String
    var name: String
    var phoneNumbers: [String]
    var emails: [String]

    init(_ contact: UISDealContact) {
        extId = contact.extId
        name = contact.name
        phoneNumbers = contact.phoneNumbers ?? []
        emails = contact.emails ?? []
    }
}
struct UISDealEmployeeParams: Encodable {
    var extId: String
    var name: String
}
struct UISDealsParams: Encodable { var deals: [UISDealRecord] }
