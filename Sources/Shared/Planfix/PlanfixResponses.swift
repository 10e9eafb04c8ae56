/// Typed views of Planfix REST answers. Every property but `id` is optional and unknown properties are ignored,
/// because Planfix returns only the requested `fields` and adds fields over time; ids accept numbers and
/// prefixed strings (`PlanfixID`). How they fail: decoding throws only when a present value has an impossible
/// type (e.g. a status that is a number instead of an object); `PlanfixClient` reports that as an unexpected
/// answer (transient: the effect store makes a repeat safe).

/// `{"id": …, "name": …}`: groups, templates, objects, directory entries.
public struct PlanfixNamedEntity: Sendable, Equatable, Codable {
    public var id: PlanfixID
    public var name: String?
}

/// `PersonResponse`: `{"id": "user:3", "name": "Petrov Petr"}`.
public struct PlanfixPerson: Sendable, Equatable, Codable {
    public var id: PlanfixID
    public var name: String?
}

/// `PeopleResponse`.
public struct PlanfixPeopleResponse: Sendable, Equatable, Codable {
    public var users: [PlanfixPerson]?
    public var groups: [PlanfixNamedEntity]?
}

/// `TaskStatus`.
public struct PlanfixStatus: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String?
    public var color: String?
    public var isActive: Bool?
}

/// `CustomField` (list of fields, and the `field` part of a value).
public struct PlanfixCustomField: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String?
    /// 0 Line, 1 Number, 2 Text, 3 Date … (reference §1.5).
    public var type: Int?
    /// 0 task, 1 contact, … (the spec's own examples disagree; informational only).
    public var objectType: Int?
    public var groupId: Int?
    public var directoryId: Int?
    public var enumValues: [String]?
}

/// `CustomFieldValueResponse`: the value's shape depends on the field type.
public struct PlanfixCustomFieldEntry: Sendable, Equatable, Codable {
    public var field: PlanfixCustomField
    public var value: JSONValue?
}

/// `ContactResponse` (the fields the fleet reads).
public struct PlanfixContact: Sendable, Equatable, Codable {
    public var id: PlanfixID
    public var template: PlanfixNamedEntity?
    public var name: String?
    public var midname: String?
    public var lastname: String?
    public var email: String?
    public var description: String?
    public var isCompany: Bool?
    public var isDeleted: Bool?
    public var phones: [PlanfixPhone]?
    /// «Ответственные».
    public var supervisors: PlanfixPeopleResponse?
    public var customFieldData: [PlanfixCustomFieldEntry]?

    /// "Lastname Name Midname" without empty parts.
    public var fullName: String { [lastname, name, midname].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ") }
}

/// `TaskResponse` (the fields the fleet reads).
public struct PlanfixTask: Sendable, Equatable, Codable {
    public var id: PlanfixID
    public var name: String?
    public var description: String?
    public var status: PlanfixStatus?
    public var processId: Int?
    public var template: PlanfixNamedEntity?
    public var object: PlanfixNamedEntity?
    public var assigner: PlanfixPerson?
    public var assignees: PlanfixPeopleResponse?
    public var counterparty: PlanfixPerson?
    public var customFieldData: [PlanfixCustomFieldEntry]?
    /// Creation and last change (`TimePoint`s; requested with `fields=dateTime,dateOfLastUpdate`).
    public var dateTime: PlanfixTimePoint?
    public var dateOfLastUpdate: PlanfixTimePoint?

    /// The value of custom field `id`, if it was requested and is set.
    public func customField(_ id: Int) -> JSONValue? { customFieldData?.first { $0.field.id == id }?.value }
}

/// `UserResponse` (the fields the fleet reads).
public struct PlanfixUser: Sendable, Equatable, Codable {
    public var id: PlanfixID
    public var name: String?
    public var midname: String?
    public var lastname: String?
    public var login: String?
    public var email: String?
    /// `Active`, `ActiveWithoutAccess`, `Inactive`.
    public var status: String?
    public var role: String?
    public var isDeleted: Bool?
    public var phones: [PlanfixPhone]?
    public var groups: [PlanfixNamedEntity]?
    /// Only in a spec example; whether Planfix returns it is unverified (reference §1.5, Employees).
    public var extensionNumber: String?
}

/// A field Planfix could not change although the update as a whole succeeded (`failures` on HTTP 200).
public struct PlanfixFieldFailure: Sendable, Equatable, Codable {
    public var field: String?
    public var error: String?
}

/// The result of `POST /task/{id}` or `POST /contact/{id}`.
public struct PlanfixUpdateResult: Sendable, Equatable {
    /// True when Planfix queued the change (HTTP 202) instead of applying it at once.
    public var queued: Bool
    /// Soft warnings: fields that were not changed. Empty when everything applied.
    public var failures: [PlanfixFieldFailure]
    public var hasWarnings: Bool { !failures.isEmpty }
}

/// Envelopes of the answers (the list key differs per endpoint).
struct PlanfixCreatedAnswer: Decodable { var id: PlanfixID }
struct PlanfixContactAnswer: Decodable { var contact: PlanfixContact }
struct PlanfixContactsAnswer: Decodable { var contacts: [PlanfixContact]? }
struct PlanfixTaskAnswer: Decodable { var task: PlanfixTask }
struct PlanfixTasksAnswer: Decodable { var tasks: [PlanfixTask]? }
struct PlanfixUsersAnswer: Decodable { var users: [PlanfixUser]? }
struct PlanfixCustomFieldsAnswer: Decodable { var customfields: [PlanfixCustomField]? }
struct PlanfixTemplatesAnswer: Decodable { var templates: [PlanfixNamedEntity]? }
struct PlanfixObjectsAnswer: Decodable { var objects: [PlanfixNamedEntity]? }
struct PlanfixStatusesAnswer: Decodable { var statuses: [PlanfixStatus]? }

/// `failures` is an array in the schema but a single object in the spec's example: accept both.
struct PlanfixFailuresAnswer: Decodable {
    var failures: [PlanfixFieldFailure]
    enum CodingKeys: String, CodingKey { case failures }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let list = try? c.decode([PlanfixFieldFailure].self, forKey: .failures) {
            failures = list
        } else if let one = try? c.decode(PlanfixFieldFailure.self, forKey: .failures) {
            failures = [one]
        } else {
            failures = []
        }
    }
}
