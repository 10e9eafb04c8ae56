/// The small building blocks of Planfix REST request bodies, named and shaped exactly like the OpenAPI
/// components they encode (`BaseEntity`, `PersonRequest`, `PeopleRequest`, `NotifiedRequest`, `PhoneRequest`,
/// `CustomFieldValueRequest`, `TimePoint`, the `Complex*Filter`s). Nil properties are left out of the JSON.
///
/// How they can fail: they cannot; Planfix refuses values it does not know (unknown ids → codes 41/1001/2001),
/// which `RemoteOutcome.planfixREST` turns into a permanent failure.

/// `BaseEntity` / `GroupRequest` / `FileRequest`: `{"id": N}`.
public struct PlanfixRef: Sendable, Hashable, Codable {
    public var id: Int
    public init(_ id: Int) { self.id = id }
}

/// `PersonRequest`: `{"id": "user:5"}`. The spec types the id as a string; the fleet always sends the prefixed
/// form, which the reference documents for every people field.
public struct PlanfixPersonRef: Sendable, Hashable, Codable {
    public var id: String
    public init(id: String) { self.id = id }
    public static func user(_ id: Int) -> PlanfixPersonRef { PlanfixPersonRef(id: "user:\(id)") }
    public static func contact(_ id: Int) -> PlanfixPersonRef { PlanfixPersonRef(id: "contact:\(id)") }
}

/// `PeopleRequest`: `{"users": [{"id": "user:5"}], "groups": [{"id": 3}]}`.
public struct PlanfixPeople: Sendable, Hashable, Codable {
    public var users: [PlanfixPersonRef]?
    public var groups: [PlanfixRef]?
    public init(users: [PlanfixPersonRef]? = nil, groups: [PlanfixRef]? = nil) {
        self.users = users
        self.groups = groups
    }
}

/// `NotifiedRequest` (comment recipients). `roles` is sent as an array, as the spec's own example and public
/// clients do, although the schema declares a single string (see `PlanfixAssumptions.recipientRolesAsArray`).
public struct PlanfixRecipients: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Codable { case assignee, participant, auditor, assigner }
    public var users: [PlanfixPersonRef]?
    public var groups: [PlanfixRef]?
    public var roles: [Role]?
    public init(users: [PlanfixPersonRef]? = nil, groups: [PlanfixRef]? = nil, roles: [Role]? = nil) {
        self.users = users
        self.groups = groups
        self.roles = roles
    }
}

/// `PhoneRequest` / `PhoneResponse`. Type: 1 mobile, 2 work, 3 home, 4 other.
public struct PlanfixPhone: Sendable, Hashable, Codable {
    public var number: String
    public var maskedNumber: String?
    public var type: Int?
    public init(number: String, type: Int? = 1) {
        self.number = number
        self.type = type
        maskedNumber = nil
    }
}

/// `CustomFieldValueRequest`: `{"field": {"id": 10}, "value": …}`. The value's JSON shape depends on the field
/// type (string, number, bool, `{"id": …}`, `{"date": "dd-MM-yyyy"}` …; reference §1.5 table).
public struct PlanfixCustomFieldValue: Sendable, Equatable, Codable {
    public var field: PlanfixRef
    public var value: JSONValue
    public init(field: Int, value: JSONValue) {
        self.field = PlanfixRef(field)
        self.value = value
    }
}

/// `TimePoint` as written: `{"date": "dd-MM-yyyy", "time": "HH:mm"}`.
public struct PlanfixTimePoint: Sendable, Hashable, Codable {
    public var date: String?
    public var time: String?
    public var datetime: String?
    public init(date: String?, time: String? = nil) {
        self.date = date
        self.time = time
        datetime = nil
    }
}

/// One `Complex{Contact,Task,User}Filter`: `{"type": 4003, "operator": "equal", "value": …, "field": 101?}`.
/// Several filters in one request are combined with AND.
public struct PlanfixFilter: Sendable, Equatable, Codable {
    public var type: Int
    public var `operator`: String
    public var value: JSONValue
    public var field: Int?
    public init(type: Int, operator op: String = "equal", value: JSONValue, field: Int? = nil) {
        self.type = type
        self.operator = op
        self.value = value
        self.field = field
    }

    /// Contact phone, "contains" semantics (4003).
    public static func contactPhone(_ digits: String) -> PlanfixFilter { PlanfixFilter(type: 4003, value: .string(digits)) }
    /// Contact e-mail contains (4005). The reference's exact filter 4026 is not in the spec's enum, so the
    /// exact match is checked client-side (`PlanfixClient.findContacts(email:)`).
    public static func contactEmailContains(_ email: String) -> PlanfixFilter { PlanfixFilter(type: 4005, value: .string(email)) }
    /// Employee extension («Короткий номер сотрудника», 9004).
    public static func userExtension(_ ext: String) -> PlanfixFilter { PlanfixFilter(type: 9004, value: .string(ext)) }
    /// Task template or object (51; the spec's examples use 51 for both).
    public static func taskTemplateOrObject(_ id: Int) -> PlanfixFilter { PlanfixFilter(type: 51, value: .number(Double(id))) }
    /// Task status (10).
    public static func taskStatus(_ ids: [Int]) -> PlanfixFilter {
        PlanfixFilter(type: 10, value: ids.count == 1 ? .number(Double(ids[0])) : .array(ids.map { .number(Double($0)) }))
    }
    /// Task counterparty (7), e.g. `"contact:12"`.
    public static func taskCounterparty(_ person: PlanfixPersonRef) -> PlanfixFilter { PlanfixFilter(type: 7, value: .string(person.id)) }
    /// Tasks created in the last `days` days (12, dateType `last`).
    public static func taskCreatedInLast(days: Int) -> PlanfixFilter {
        PlanfixFilter(type: 12, value: .object(["dateType": "last", "dateValue": .string(String(days))]))
    }
    /// Task name contains (8).
    public static func taskNameContains(_ text: String) -> PlanfixFilter { PlanfixFilter(type: 8, value: .string(text)) }
    /// Task custom field of type Line equals (101).
    public static func taskStringField(_ field: Int, equals text: String) -> PlanfixFilter {
        PlanfixFilter(type: 101, value: .string(text), field: field)
    }
}
