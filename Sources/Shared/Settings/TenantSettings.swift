import Foundation

/// One tenant's whole configuration: connections, employee sync, telephony, leads, chats and deals.
///
/// Why one document: it is stored in Redis with a version, cached by processes and imported/exported by
/// `fleetctl`, so it must validate and travel as a unit (design §7). How it fails: `TenantSettings.parse`
/// never crashes on any bytes; it returns every problem with its path (wrong JSON types, unknown keys,
/// unknown template parameters, filter fields a flow does not offer, empty AND/OR groups, nesting too deep,
/// oversized documents, a non-numeric deal amount field). A document that parses without issues is one the
/// engine (`decide`) can apply to any event of any flow without throwing.
public struct TenantSettings: Sendable, Hashable {
    public static let currentVersion = 1
    public var version: Int = currentVersion
    public var connection = ConnectionSettings()
    public var employees = EmployeeSyncSettings()
    public var telephony = TelephonySettings()
    public var leads = FlowSettings(flow: .lead)
    public var chats = ChatSettings()
    public var deals = DealSettings()

    /// Defaults: every integration switched off; a flow section present in a document is on unless it says
    /// `"enabled": false`.
    public init() {
        leads.enabled = false
        chats.flow.enabled = false
    }

    /// Settings of one flow (incoming and outgoing calls are separate flows).
    public func flowSettings(_ flow: RuleFlow) -> FlowSettings {
        switch flow {
        case .incomingCall: return telephony.incoming
        case .outgoingCall: return telephony.outgoing
        case .lead: return leads
        case .chat: return chats.flow
        }
    }
}

/// Credentials and endpoints. All secrets are redacted by `TenantSettings.redacted()`.
public struct ConnectionSettings: Sendable, Hashable {
    /// Planfix REST «Адрес для API запросов», e.g. `https://acme.planfix.ru/rest/`.
    public var planfixRestURL: String?
    public var planfixRestToken: String?
    /// «Api ПланФикса для телефоний»: URL and Planfix token; `pbxKey` is our key Planfix sends back.
    public var planfixTelephonyURL: String?
    public var planfixTelephonyToken: String?
    public var pbxKey: String?
    public var uisDataAPIToken: String?
    public var uisCallAPIToken: String?
    /// UIS endpoints; unset means the production ones (`UISDataClient.defaultURL`, `UISCallClient.defaultURL`).
    /// Set for UIS's other brands or for the sandbox.
    public var uisDataAPIURL: String?
    public var uisCallAPIURL: String?
    /// The secret in this tenant's webhook URLs (`/hooks/<tenant>/<secret>/...`); without it the ingest
    /// refuses every webhook of the tenant. 16-128 URL-safe characters (letters, digits, `-`, `_`).
    public var webhookSecret: String?
    public init() {}
}

/// «Синхронизация сотрудников»: which Planfix employees are synced (all, or the listed user ids).
public struct EmployeeSyncSettings: Sendable, Hashable {
    public var syncAll = true
    public var planfixUserIds: [Int] = []
    /// Periodic sync every this many hours (1-168); nil = only on demand, as in the product.
    public var autoSyncHours: Int?
    public init() {}
}

/// «Телефония»: click-to-call options and the two call flows.
public struct TelephonySettings: Sendable, Hashable {
    public var enabled = false
    /// «Исходящий номер» shown to the called party; «Всегда отображать номер» overrides employee rules.
    public var outgoingNumber: String?
    public var alwaysShowNumber = false
    public var incoming = FlowSettings(flow: .incomingCall)
    public var outgoing = FlowSettings(flow: .outgoingCall)
    public var routing = RoutingSettings()
    public init() {}
}

/// «Переадресация на персонального менеджера» through UIS interactive call processing: what the ingest answers
/// when the phone → manager cache has no fresh entry for the caller.
public struct RoutingSettings: Sendable, Hashable {
    /// `{"returned_code": N}`: the branch of the UIS scenario taken when no manager is known.
    public var returnedCode = 1
    /// Cache entries older than this are not used (the contact's responsible may have changed).
    public var maxAgeSeconds = 86_400
    public init() {}
}

/// Everything configured for one flow: filter, what to create for primary and repeat communications,
/// responsibles, templates and extra fields.
public struct FlowSettings: Sendable, Hashable {
    public let flow: RuleFlow
    public var enabled = true
    public var filter = FilterSetting()
    public var primary: CreationRule
    public var repeated: CreationRule
    public var responsibles = ResponsibleSettings()
    /// «Переадресация на персонального менеджера» (incoming calls only).
    public var personalManager = false
    /// Template text per slot; a slot not set uses `TemplateSlot.defaultTemplate`.
    public var templates: [TemplateSlot: String] = [:]
    public var fields: [FieldMapping] = []

    public init(flow: RuleFlow) {
        self.flow = flow
        primary = CreationRule(create: CreationChoice.defaultChoice(for: flow))
        repeated = CreationRule(create: flow == .incomingCall ? .nothing : CreationChoice.defaultChoice(for: flow))
    }

    /// The template slots of this flow, keyed by their document key.
    public static func slots(_ flow: RuleFlow) -> [(key: String, slot: TemplateSlot)] {
        switch flow {
        case .incomingCall: return [("title", .incomingCallTitle), ("lost_title", .lostCallTitle)]
        case .outgoingCall: return [("title", .outgoingCallTitle)]
        case .lead: return [("contact_name", .leadContactName), ("title", .leadTaskTitle)]
        case .chat: return [("contact_name", .chatContactName), ("title", .chatTaskTitle)]
        }
    }
}

/// Chats: the common flow settings plus the trigger and «Передавать чаты без контактных данных».
public struct ChatSettings: Sendable, Hashable {
    public var flow = FlowSettings(flow: .chat)
    public var trigger = ChatTrigger.chatEnd
    public var passWithoutContactData = false
    public init() {}
}

/// «Передача сделок»: the task object that is a deal, success/failure statuses, the numeric amount field.
public struct DealSettings: Sendable, Hashable {
    public var enabled = false
    public var taskObjectId: Int?
    public var successStatusId: Int?
    public var failureStatusId: Int?
    public var amountFieldId: Int?
    /// The amount field's Planfix type as configured; must be `number`.
    public var amountFieldType: CustomFieldType?
    public init() {}
}
