/// The mutable world of one tenant: Planfix contacts, tasks, comments, the telephony call log, and UIS
/// report rows, funnels, deal contacts/employees and deals. Entities are JSON objects so that whatever the
/// fleet writes comes back unchanged. Pure data; all access goes through `StateStore`'s lock.
public struct TenantState: Sendable {
    public let config: TenantConfig
    public var contacts: [Int64: [String: JSONValue]] = [:]
    public var nextContactId: Int64 = 1001
    public var tasks: [Int64: [String: JSONValue]] = [:]
    public var nextTaskId: Int64 = 5001
    public var comments: [Int64: [String: JSONValue]] = [:]
    public var nextCommentId: Int64 = 9001
    /// Telephony call log, one entry per `callid`.
    public var callLog: [String: [String: JSONValue]] = [:]
    public var uisCalls: [JSONValue]
    public var uisChats: [JSONValue]
    public var uisChatMessages: [JSONValue]
    public var uisOfflineMessages: [JSONValue]
    public var uisVisitors: [JSONValue]
    public var nextUISId: Int64 = 700_000_001
    public var funnels: [String: JSONValue] = [:]
    public var dealContacts: [String: JSONValue] = [:]
    public var dealEmployees: [String: JSONValue] = [:]
    /// Upload history per deal `ext_id`, oldest first.
    public var deals: [String: [JSONValue]] = [:]
    /// Deal `ext_id`s every `upload.deals_history` call holding them is refused for (set by tests).
    public var refusedDeals: Set<String> = []
    public var callSessions: [JSONValue] = []

    public init(config: TenantConfig) {
        self.config = config
        uisCalls = config.uis.calls
        uisChats = config.uis.chats
        uisChatMessages = config.uis.chatMessages
        uisOfflineMessages = config.uis.offlineMessages
        uisVisitors = config.uis.visitors
        for seed in config.planfix.contacts {
            guard var o = seed.objectValue else { continue }
            let id = o["id"]?.intValue ?? nextContactId
            o["id"] = .int(id)
            contacts[id] = o
            nextContactId = max(nextContactId, id + 1)
        }
    }

    public mutating func allocateUISId() -> Int64 {
        defer { nextUISId += 1 }
        return nextUISId
    }

    /// Contacts whose phone digits contain `digits` (filter 4003 semantics).
    public func contacts(phoneContaining digits: String) -> [[String: JSONValue]] {
        guard !digits.isEmpty else { return [] }
        return contacts.keys.sorted().compactMap { id in
            let c = contacts[id]!
            return Phone.numbers(of: c).contains { Phone.digits($0).contains(digits) } ? c : nil
        }
    }

    /// The first contact whose phone ends with the same last `n` digits (telephony lookups).
    public func contact(matchingPhone phone: String, lastDigits n: Int) -> [String: JSONValue]? {
        let want = Phone.lastDigits(phone, n)
        guard !want.isEmpty else { return nil }
        for id in contacts.keys.sorted() {
            let c = contacts[id]!
            if Phone.numbers(of: c).contains(where: { Phone.lastDigits($0, n) == want }) { return c }
        }
        return nil
    }

    public func user(id: Int64) -> UserConfig? { config.users.first { $0.id == id } }
    public func user(extension ext: String) -> UserConfig? { config.users.first { $0.extension_ == ext } }

    /// Everything, for `GET /_admin/state`.
    public var snapshot: JSONValue {
        func sorted(_ d: [Int64: [String: JSONValue]]) -> JSONValue {
            .array(d.keys.sorted().map { .object(d[$0]!) })
        }
        return [
            "tenant": .string(config.id),
            "planfix": [
                "contacts": sorted(contacts), "tasks": sorted(tasks), "comments": sorted(comments),
                "calls": .array(callLog.keys.sorted().map { .object(callLog[$0]!) }),
            ],
            "uis": [
                "calls": .array(uisCalls), "chats": .array(uisChats), "chatMessages": .array(uisChatMessages),
                "offlineMessages": .array(uisOfflineMessages), "visitors": .array(uisVisitors),
                "salesFunnels": .array(funnels.keys.sorted().map { funnels[$0]! }),
                "dealContacts": .array(dealContacts.keys.sorted().map { dealContacts[$0]! }),
                "dealEmployees": .array(dealEmployees.keys.sorted().map { dealEmployees[$0]! }),
                "deals": .object(deals.mapValues { .array($0) }),
                "refusedDeals": .array(refusedDeals.sorted().map { .string($0) }),
                "callSessions": .array(callSessions),
            ],
        ]
    }
}
