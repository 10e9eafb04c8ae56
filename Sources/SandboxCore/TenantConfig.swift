import Foundation

/// The tenant file: which Planfix accounts and UIS keys exist, their limits, employees and seed data.
/// Loading fails with `TenantConfigError` on unreadable files, malformed JSON, missing required keys or
/// duplicate tenant ids / accounts / tokens, so a broken file stops the sandbox at start, never mid-run.
public struct TenantsFile: Decodable, Sendable {
    public var tenants: [TenantConfig]
}

public struct TenantConfig: Decodable, Sendable {
    public var id: String
    public var planfix: PlanfixConfig
    public var uis: UISConfig
    public var users: [UserConfig]
    public var uisEmployees: [UISEmployeeConfig]

    enum CodingKeys: String, CodingKey { case id, planfix, uis, users, uisEmployees }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        planfix = try c.decode(PlanfixConfig.self, forKey: .planfix)
        uis = try c.decode(UISConfig.self, forKey: .uis)
        users = try c.decodeIfPresent([UserConfig].self, forKey: .users) ?? []
        uisEmployees = try c.decodeIfPresent([UISEmployeeConfig].self, forKey: .uisEmployees) ?? []
    }
}

public struct NamedEntity: Decodable, Sendable {
    public var id: Int64
    public var name: String
    public var isActive: Bool?
}

public struct PlanfixObjectConfig: Decodable, Sendable {
    public var id: Int64
    public var name: String
    public var statuses: [NamedEntity]?
}

public struct CustomFieldConfig: Decodable, Sendable {
    public var id: Int64
    public var name: String
    public var type: Int64
}

public struct PlanfixConfig: Decodable, Sendable {
    public var account: String
    public var token: String
    public var telephonyToken: String
    public var requestsPerSecond: Int
    public var dailyLimit: Int
    public var pbxToken: String
    public var pbxUrl: String
    public var taskTemplates: [NamedEntity]
    public var contactTemplates: [NamedEntity]
    public var objects: [PlanfixObjectConfig]
    public var statuses: [NamedEntity]
    public var taskCustomFields: [CustomFieldConfig]
    public var contactCustomFields: [CustomFieldConfig]
    /// Seed contacts, in the `ContactRequest` shape plus `id`.
    public var contacts: [JSONValue]

    enum CodingKeys: String, CodingKey {
        case account, token, telephonyToken, requestsPerSecond, dailyLimit, pbxToken, pbxUrl, taskTemplates,
             contactTemplates, objects, statuses, taskCustomFields, contactCustomFields, contacts
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        account = try c.decode(String.self, forKey: .account)
        token = try c.decode(String.self, forKey: .token)
        telephonyToken = try c.decode(String.self, forKey: .telephonyToken)
        requestsPerSecond = try c.decodeIfPresent(Int.self, forKey: .requestsPerSecond) ?? 1
        dailyLimit = try c.decodeIfPresent(Int.self, forKey: .dailyLimit) ?? 20_000
        pbxToken = try c.decodeIfPresent(String.self, forKey: .pbxToken) ?? ""
        pbxUrl = try c.decodeIfPresent(String.self, forKey: .pbxUrl) ?? ""
        taskTemplates = try c.decodeIfPresent([NamedEntity].self, forKey: .taskTemplates)
            ?? [NamedEntity(id: 1, name: "Входящий звонок", isActive: nil)]
        contactTemplates = try c.decodeIfPresent([NamedEntity].self, forKey: .contactTemplates)
            ?? [NamedEntity(id: 1, name: "Клиент", isActive: nil)]
        let defaultStatuses = [
            NamedEntity(id: 1, name: "Новая", isActive: true), NamedEntity(id: 2, name: "В работе", isActive: true),
            NamedEntity(id: 3, name: "Завершенная", isActive: false), NamedEntity(id: 6, name: "Выполненная", isActive: false),
        ]
        statuses = try c.decodeIfPresent([NamedEntity].self, forKey: .statuses) ?? defaultStatuses
        objects = try c.decodeIfPresent([PlanfixObjectConfig].self, forKey: .objects)
            ?? [PlanfixObjectConfig(id: 1, name: "Сделка", statuses: nil)]
        taskCustomFields = try c.decodeIfPresent([CustomFieldConfig].self, forKey: .taskCustomFields) ?? []
        contactCustomFields = try c.decodeIfPresent([CustomFieldConfig].self, forKey: .contactCustomFields) ?? []
        contacts = try c.decodeIfPresent([JSONValue].self, forKey: .contacts) ?? []
    }
}

public struct UISConfig: Decodable, Sendable {
    public var accessToken: String
    public var pointsPerMinute: Int
    public var pointsPerDay: Int
    public var callApiPointsPerMinute: Int
    public var callApiPointsPerDay: Int
    public var virtualNumbers: [String]
    /// Seed report rows, in the Data API field names (`start_time`, `date_time` as "YYYY-MM-DD hh:mm:ss").
    public var calls: [JSONValue]
    public var chats: [JSONValue]
    public var chatMessages: [JSONValue]
    public var offlineMessages: [JSONValue]
    /// `get.visitors` rows: `id`, `name`, `phones`, `emails`, `usernames`.
    public var visitors: [JSONValue]

    enum CodingKeys: String, CodingKey {
        case accessToken, pointsPerMinute, pointsPerDay, callApiPointsPerMinute, callApiPointsPerDay, virtualNumbers,
             calls, chats, chatMessages, offlineMessages, visitors
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try c.decode(String.self, forKey: .accessToken)
        pointsPerMinute = try c.decodeIfPresent(Int.self, forKey: .pointsPerMinute) ?? SandboxAssumptions.uisDefaultPointsPerMinute
        pointsPerDay = try c.decodeIfPresent(Int.self, forKey: .pointsPerDay) ?? SandboxAssumptions.uisDefaultPointsPerDay
        callApiPointsPerMinute = try c.decodeIfPresent(Int.self, forKey: .callApiPointsPerMinute) ?? pointsPerMinute
        callApiPointsPerDay = try c.decodeIfPresent(Int.self, forKey: .callApiPointsPerDay) ?? pointsPerDay
        virtualNumbers = try c.decodeIfPresent([String].self, forKey: .virtualNumbers) ?? []
        calls = try c.decodeIfPresent([JSONValue].self, forKey: .calls) ?? []
        chats = try c.decodeIfPresent([JSONValue].self, forKey: .chats) ?? []
        chatMessages = try c.decodeIfPresent([JSONValue].self, forKey: .chatMessages) ?? []
        offlineMessages = try c.decodeIfPresent([JSONValue].self, forKey: .offlineMessages) ?? []
        visitors = try c.decodeIfPresent([JSONValue].self, forKey: .visitors) ?? []
    }
}

public struct UserConfig: Decodable, Sendable {
    public var id: Int64
    public var name: String
    public var lastname: String?
    public var midname: String?
    public var email: String?
    public var phones: [String]?
    public var extension_: String?
    public var active: Bool?
    public var role: String?

    enum CodingKeys: String, CodingKey {
        case id, name, lastname, midname, email, phones, active, role
        case extension_ = "extension"
    }

    public var isActive: Bool { active ?? true }
}

public struct UISEmployeeConfig: Decodable, Sendable {
    public var id: Int64
    public var fullName: String
    public var email: String?
    public var extension_: String?
    public var phones: [String]?
    public var statusId: Int64?

    enum CodingKeys: String, CodingKey {
        case id, fullName, email, phones, statusId
        case extension_ = "extension"
    }
}

public enum TenantConfigError: Error, CustomStringConvertible {
    case unreadable(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .unreadable(let s): return "cannot read the tenant file: \(s)"
        case .invalid(let s): return "invalid tenant file: \(s)"
        }
    }
}

extension TenantsFile {
    public static func load(path: String) throws -> TenantsFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw TenantConfigError.unreadable(path) }
        return try decode(data)
    }

    public static func decode(_ data: Data) throws -> TenantsFile {
        let file: TenantsFile
        do { file = try JSONDecoder().decode(TenantsFile.self, from: data) }
        catch { throw TenantConfigError.invalid(String(describing: error)) }
        try file.checkUnique()
        return file
    }

    func checkUnique() throws {
        var ids = Set<String>(), accounts = Set<String>(), uisTokens = Set<String>()
        for t in tenants {
            guard ids.insert(t.id).inserted else { throw TenantConfigError.invalid("duplicate tenant id \(t.id)") }
            guard accounts.insert(t.planfix.account).inserted else {
                throw TenantConfigError.invalid("duplicate Planfix account \(t.planfix.account)")
            }
            guard uisTokens.insert(t.uis.accessToken).inserted else {
                throw TenantConfigError.invalid("duplicate UIS access token in tenant \(t.id)")
            }
            guard t.planfix.requestsPerSecond > 0, t.planfix.dailyLimit > 0 else {
                throw TenantConfigError.invalid("tenant \(t.id): limits must be positive")
            }
        }
    }
}
