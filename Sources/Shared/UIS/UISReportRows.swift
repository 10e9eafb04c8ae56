/// Typed rows of the UIS Data API reads the fleet uses (uis-api.md §2.2–2.5, uis-chats-leads-deals.md §2).
/// Property names are the API's snake_case names in camelCase; every property but `id` is optional (only the
/// requested `fields` come back, and empty values are `null`); unknown fields are ignored; fields documented
/// with varying types use `UISText`. How they fail: a row whose present value has an impossible type makes the
/// whole answer an unexpected answer (transient).

/// `get.employees`.
public struct UISEmployee: Sendable, Equatable, Decodable {
    public struct Extension: Sendable, Equatable, Decodable {
        public var extensionPhoneNumber: UISText?
    }
    public struct Phone: Sendable, Equatable, Decodable {
        public var phoneId: Int?
        /// Not always E.164: may carry extension digits (`74955140578...2345`).
        public var phoneNumber: UISText?
        public var status: String?
    }
    public struct Group: Sendable, Equatable, Decodable {
        public var groupId: Int?
        public var groupName: String?
    }
    public var id: Int
    public var login: String?
    public var fullName: String?
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var statusId: Int?
    public var `extension`: Extension?
    public var phoneNumbers: [Phone]?
    public var groups: [Group]?
}

/// `get.calls_report`; `id` is the call session id.
public struct UISCallRecord: Sendable, Equatable, Decodable {
    public struct Employee: Sendable, Equatable, Decodable {
        public var employeeId: Int?
        public var employeeFullName: String?
        public var isAnswered: Bool?
        public var isTalked: Bool?
    }
    public var id: Int
    public var startTime: String?
    public var finishTime: String?
    public var finishReason: String?
    /// `in` / `out`.
    public var direction: String?
    public var isLost: Bool?
    public var source: String?
    public var contactPhoneNumber: UISText?
    public var virtualPhoneNumber: UISText?
    public var communicationId: Int?
    public var waitDuration: Int?
    public var talkDuration: Int?
    public var totalDuration: Int?
    public var callRecords: [UISText]?
    public var fullRecordFileLink: String?
    public var employees: [Employee]?
    public var lastTalkedEmployeeId: Int?
    public var lastTalkedEmployeeFullName: String?
    public var scenarioName: String?
    public var siteDomainName: String?
    public var campaignName: String?
    public var callApiExternalId: String?
}

/// `get.chats_report`; `id` is the chat id, `communicationId` the «обращение» id deals link to.
public struct UISChat: Sendable, Equatable, Decodable {
    public var id: Int
    /// `new`, `active`, `lost`, `succeed`, `refused`.
    public var status: String?
    public var initiator: String?
    public var dateTime: String?
    /// Seconds (documented as a string).
    public var duration: UISText?
    public var communicationId: Int?
    public var releaseCause: String?
    public var employeeId: Int?
    public var employeeFullName: String?
    public var visitorId: Int?
    /// Documented as a number.
    public var visitorPhoneNumber: UISText?
    public var chatChannelType: String?
    public var chatChannelName: String?
    public var chatUsername: String?
    public var messagesCount: Int?
    public var siteDomainName: String?
    public var campaignName: String?
    /// Not default fields: request them (the chats worker does).
    public var communicationType: String?
    public var personId: Int?
    public var sourceName: String?
    public var utmSource: String?
    public var utmMedium: String?
    public var utmCampaign: String?
    public var utmTerm: String?
    public var utmContent: String?
    public var tags: [UISTag]?
}

/// One entry of a report row's `tags[]` (chats, offline messages, calls).
public struct UISTag: Sendable, Equatable, Codable {
    /// Documented as a number; read leniently.
    public var tagId: UISText?
    public var tagName: String?
    public var tagChangeTime: String?
    public init(tagId: String? = nil, tagName: String? = nil, tagChangeTime: String? = nil) {
        self.tagId = tagId.map(UISText.init)
        self.tagName = tagName
        self.tagChangeTime = tagChangeTime
    }
}

/// `get.chat_messages_report`.
public struct UISChatMessage: Sendable, Equatable, Decodable {
    public struct Resource: Sendable, Equatable, Decodable {
        public var type: String?
        public var fileUrl: String?
        public var fileName: String?
        public var mimeType: String?
    }
    public var id: Int
    public var chatId: Int?
    public var dateTime: String?
    public var text: String?
    /// `system`, `operator`, `visitor`, …
    public var source: String?
    public var visitorId: Int?
    public var employeeId: Int?
    public var employeeFullName: String?
    public var resource: Resource?
}

/// `get.offline_messages_report` (site leads, «заявки»).
public struct UISOfflineMessage: Sendable, Equatable, Decodable {
    public var id: Int
    public var communicationId: Int?
    /// Not a default field: request it.
    public var dateTime: String?
    public var text: String?
    /// `processing`, `processed`, `not_processed`.
    public var status: String?
    public var formType: String?
    public var formName: String?
    public var employeeId: Int?
    public var visitorId: Int?
    public var visitorName: String?
    public var visitorPhoneNumber: UISText?
    public var visitorEmail: String?
    public var siteDomainName: String?
    public var campaignName: String?
    /// Not default fields: request them (the chats worker does).
    public var personId: Int?
    public var sourceName: String?
    public var utmSource: String?
    public var utmMedium: String?
    public var utmCampaign: String?
    public var utmTerm: String?
    public var utmContent: String?
    public var tags: [UISTag]?
}
