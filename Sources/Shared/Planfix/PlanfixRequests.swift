/// Typed Planfix REST request bodies, matching the OpenAPI request schemas field for field (`ContactRequest`,
/// `TaskCreateRequest`, `TaskUpdateRequest`, `CommentCreateRequest`, the `/…/list` bodies). Only non-nil
/// properties are encoded, so a partial update sends exactly what the caller set.
///
/// The contract test (`PlanfixContractTests`) validates a full instance of each against the spec. How they can
/// fail: encoding cannot fail; semantic errors (unknown template, status) come back as Planfix codes.

/// `ContactRequest`, used to create (`POST /contact/`) and partially update (`POST /contact/{id}`) a contact.
public struct ContactDraft: Sendable, Equatable, Codable {
    public enum Gender: String, Sendable, Codable { case notDefined = "NotDefined", female = "Female", male = "Male" }
    public var template: PlanfixRef?
    public var name: String?
    public var midname: String?
    public var lastname: String?
    public var gender: Gender?
    public var description: String?
    public var address: String?
    public var site: String?
    public var email: String?
    public var telegram: String?
    public var position: String?
    public var group: PlanfixRef?
    public var isCompany: Bool?
    public var phones: [PlanfixPhone]?
    /// «Ответственные».
    public var supervisors: PlanfixPeople?
    public var customFieldData: [PlanfixCustomFieldValue]?

    public init(template: Int? = nil, name: String? = nil, midname: String? = nil, lastname: String? = nil,
                isCompany: Bool? = nil, email: String? = nil, description: String? = nil, phones: [PlanfixPhone]? = nil,
                supervisors: PlanfixPeople? = nil, customFieldData: [PlanfixCustomFieldValue]? = nil) {
        self.template = template.map(PlanfixRef.init)
        self.name = name
        self.midname = midname
        self.lastname = lastname
        self.isCompany = isCompany
        self.email = email
        self.description = description
        self.phones = phones
        self.supervisors = supervisors
        self.customFieldData = customFieldData
    }
}

/// What a new task is made from: a task template or a Planfix object (exactly one of them is sent).
public enum PlanfixTaskKind: Sendable, Equatable {
    case template(Int)
    case object(Int)
}

/// Task priority (`NotUrgent` / `Urgent`).
public enum PlanfixPriority: String, Sendable, Codable { case notUrgent = "NotUrgent", urgent = "Urgent" }

/// `TaskCreateRequest` for `POST /task/`: by template id or by object id.
public struct TaskDraft: Sendable, Equatable, Encodable {
    public var kind: PlanfixTaskKind
    public var name: String
    /// HTML (`<br>` for line breaks); the fleet's marker (`[uis:call:<id>]`) goes here.
    public var description: String?
    public var status: PlanfixRef?
    public var priority: PlanfixPriority?
    public var processId: Int?
    public var assigner: PlanfixPersonRef?
    public var assignees: PlanfixPeople?
    public var participants: PlanfixPeople?
    public var auditors: PlanfixPeople?
    /// The client: `PlanfixPersonRef.contact(12)`.
    public var counterparty: PlanfixPersonRef?
    public var parent: PlanfixRef?
    public var project: PlanfixRef?
    public var startDateTime: PlanfixTimePoint?
    public var endDateTime: PlanfixTimePoint?
    public var customFieldData: [PlanfixCustomFieldValue]?

    public init(kind: PlanfixTaskKind, name: String, description: String? = nil, status: Int? = nil,
                assigner: PlanfixPersonRef? = nil, assignees: PlanfixPeople? = nil, counterparty: PlanfixPersonRef? = nil,
                customFieldData: [PlanfixCustomFieldValue]? = nil) {
        self.kind = kind
        self.name = name
        self.description = description
        self.status = status.map(PlanfixRef.init)
        self.assigner = assigner
        self.assignees = assignees
        self.counterparty = counterparty
        self.customFieldData = customFieldData
    }

    enum CodingKeys: String, CodingKey {
        case template, object, name, description, status, priority, processId, assigner, assignees, participants, auditors
        case counterparty, parent, project, startDateTime, endDateTime, customFieldData
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch kind {
        case let .template(id): try c.encode(PlanfixRef(id), forKey: .template)
        case let .object(id): try c.encode(PlanfixRef(id), forKey: .object)
        }
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(priority, forKey: .priority)
        try c.encodeIfPresent(processId, forKey: .processId)
        try c.encodeIfPresent(assigner, forKey: .assigner)
        try c.encodeIfPresent(assignees, forKey: .assignees)
        try c.encodeIfPresent(participants, forKey: .participants)
        try c.encodeIfPresent(auditors, forKey: .auditors)
        try c.encodeIfPresent(counterparty, forKey: .counterparty)
        try c.encodeIfPresent(parent, forKey: .parent)
        try c.encodeIfPresent(project, forKey: .project)
        try c.encodeIfPresent(startDateTime, forKey: .startDateTime)
        try c.encodeIfPresent(endDateTime, forKey: .endDateTime)
        try c.encodeIfPresent(customFieldData, forKey: .customFieldData)
    }
}

/// `TaskUpdateRequest` for `POST /task/{id}`: every property optional, only set ones are sent.
public struct TaskUpdate: Sendable, Equatable, Codable {
    public var name: String?
    public var description: String?
    public var status: PlanfixRef?
    public var priority: PlanfixPriority?
    public var assigner: PlanfixPersonRef?
    public var assignees: PlanfixPeople?
    public var participants: PlanfixPeople?
    public var auditors: PlanfixPeople?
    public var counterparty: PlanfixPersonRef?
    public var parent: PlanfixRef?
    public var project: PlanfixRef?
    public var startDateTime: PlanfixTimePoint?
    public var endDateTime: PlanfixTimePoint?
    public var customFieldData: [PlanfixCustomFieldValue]?

    public init(name: String? = nil, description: String? = nil, status: Int? = nil, assignees: PlanfixPeople? = nil,
                counterparty: PlanfixPersonRef? = nil, customFieldData: [PlanfixCustomFieldValue]? = nil) {
        self.name = name
        self.description = description
        self.status = status.map(PlanfixRef.init)
        self.assignees = assignees
        self.counterparty = counterparty
        self.customFieldData = customFieldData
    }
}

/// `CommentCreateRequest` for `POST /task/{id}/comments/`.
public struct CommentDraft: Sendable, Equatable, Codable {
    /// HTML.
    public var description: String
    public var owner: PlanfixPersonRef?
    public var isPinned: Bool?
    public var isHidden: Bool?
    public var recipients: PlanfixRecipients?
    public var files: [PlanfixRef]?

    public init(description: String, owner: PlanfixPersonRef? = nil, isHidden: Bool? = nil, isPinned: Bool? = nil,
                recipients: PlanfixRecipients? = nil, files: [PlanfixRef]? = nil) {
        self.description = description
        self.owner = owner
        self.isHidden = isHidden
        self.isPinned = isPinned
        self.recipients = recipients
        self.files = files
    }
}

/// The body of `POST /contact/list`, `/task/list`, `/user/list` and `/object/list` (each endpoint accepts a
/// subset: `onlyActive` is for users, `isCompany` for contacts; `PlanfixClient` sets only what applies).
public struct PlanfixListRequest: Sendable, Equatable, Codable {
    public var offset: Int
    public var pageSize: Int
    public var fields: String?
    public var filters: [PlanfixFilter]?
    public var onlyActive: Bool?
    public var isCompany: Bool?
    public var prefixedId: Bool?

    public init(offset: Int = 0, pageSize: Int = 100, fields: String? = nil, filters: [PlanfixFilter]? = nil,
                onlyActive: Bool? = nil, isCompany: Bool? = nil) {
        self.offset = offset
        self.pageSize = pageSize
        self.fields = fields
        self.filters = filters
        self.onlyActive = onlyActive
        self.isCompany = isCompany
    }
}
