import Foundation

/// Reading a settings document from JSON. Structure, types and the flow-specific rules (filter fields, template
/// parameters, creation choices, required defaults, the deal amount type) are all checked while reading, so
/// every issue carries the exact path of the value in the document.
extension TenantSettings {
    /// Documents larger than this are refused before parsing.
    public static let maxDocumentBytes = 256 * 1024
    /// JSON nesting deeper than this is refused before parsing (the deepest valid document needs ~20).
    public static let maxJSONDepth = 40

    /// Parses and validates a document. Never crashes; `.failure` carries every issue found.
    public static func parse(_ data: Data) -> Result<TenantSettings, SettingsDocumentError> {
        guard data.count <= maxDocumentBytes else {
            return .failure(SettingsDocumentError(issues: [SettingsIssue(path: "", message: "document is \(data.count) bytes, over the limit of \(maxDocumentBytes)")]))
        }
        if let problem = JSONDepthScanner.problem(data, maxDepth: maxJSONDepth) {
            return .failure(SettingsDocumentError(issues: [SettingsIssue(path: "", message: problem)]))
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            return .failure(SettingsDocumentError(issues: [SettingsIssue(path: "", message: "not valid JSON")]))
        }
        return parse(json)
    }

    /// Reads and validates an already parsed JSON value.
    public static func parse(_ json: JSONValue) -> Result<TenantSettings, SettingsDocumentError> {
        let sink = SettingsIssueSink()
        let settings = TenantSettings(reading: SettingsNode(value: json, path: "", sink: sink))
        let issues = sink.issues
        return issues.isEmpty ? .success(settings) : .failure(SettingsDocumentError(issues: issues))
    }

    init(reading node: SettingsNode) {
        self.init()
        guard let o = node.object(keys: ["version", "connection", "employees", "telephony", "leads", "chats", "deals"]) else { return }
        if let v = o.required("version"), let n = v.int, n != Self.currentVersion { v.issue("unsupported version \(n) (expected \(Self.currentVersion))") }
        if let c = o.child("connection")?.object(keys: ConnectionSettings.keys) { connection = ConnectionSettings(reading: c) }
        if let e = o.child("employees")?.object(keys: ["sync_all", "planfix_user_ids", "auto_sync_hours"]) {
            employees.syncAll = e.bool("sync_all", default: true)
            employees.planfixUserIds = e.child("planfix_user_ids")?.array?.compactMap(\.id) ?? []
            if let hours = e.child("auto_sync_hours"), let n = hours.int {
                if (1...168).contains(n) { employees.autoSyncHours = n } else { hours.issue("expected 1 to 168 hours, got \(n)") }
            }
        }
        if let t = o.child("telephony")?.object(keys: ["enabled", "outgoing_number", "always_show_number", "incoming", "outgoing", "routing"]) {
            telephony.enabled = t.bool("enabled", default: false)
            telephony.outgoingNumber = t.string("outgoing_number")
            telephony.alwaysShowNumber = t.bool("always_show_number", default: false)
            if let n = t.child("incoming") { telephony.incoming = FlowSettings(reading: n, flow: .incomingCall) }
            if let n = t.child("outgoing") { telephony.outgoing = FlowSettings(reading: n, flow: .outgoingCall) }
            if let r = t.child("routing")?.object(keys: ["returned_code", "max_age_seconds"]) {
                if let code = r.child("returned_code"), let n = code.int {
                    if (0...999).contains(n) { telephony.routing.returnedCode = n } else { code.issue("expected a code from 0 to 999, got \(n)") }
                }
                if let age = r.child("max_age_seconds"), let n = age.int {
                    if (60...2_592_000).contains(n) { telephony.routing.maxAgeSeconds = n } else { age.issue("expected 60 to 2592000 seconds, got \(n)") }
                }
            }
        }
        // A flow section a document leaves out is off (so the document's own export, which writes every flow,
        // reads back as the same settings).
        let t = o.child("telephony")?.value
        if case let .object(tel)? = t {
            if tel["incoming"] == nil || tel["incoming"] == .null { telephony.incoming.enabled = false }
            if tel["outgoing"] == nil || tel["outgoing"] == .null { telephony.outgoing.enabled = false }
        } else {
            telephony.incoming.enabled = false
            telephony.outgoing.enabled = false
        }
        if let n = o.child("leads") { leads = FlowSettings(reading: n, flow: .lead) }
        if let n = o.child("chats") { chats = ChatSettings(reading: n) }
        if let d = o.child("deals")?.object(keys: ["enabled", "task_object_id", "success_status_id", "failure_status_id", "amount_field"]) {
            deals.enabled = d.bool("enabled", default: false)
            deals.taskObjectId = d.id("task_object_id")
            deals.successStatusId = d.id("success_status_id")
            deals.failureStatusId = d.id("failure_status_id")
            if let f = d.child("amount_field")?.object(keys: ["id", "type"]) {
                deals.amountFieldId = f.required("id")?.id
                deals.amountFieldType = f.required("type")?.oneOf(CustomFieldType.self)
                if let t = deals.amountFieldType, t != .number {
                    f.child("type")?.issue("the deal amount field must be numeric, but field \(deals.amountFieldId.map(String.init) ?? "?") is \"\(t.rawValue)\"")
                }
            }
            if deals.enabled {
                for key in ["task_object_id", "success_status_id", "failure_status_id", "amount_field"] where d.child(key) == nil {
                    d.sink.add(SettingsNode.join(d.path, key), "missing required key (deals are enabled)")
                }
                if let s = deals.successStatusId, s == deals.failureStatusId {
                    d.sink.add(SettingsNode.join(d.path, "failure_status_id"), "the failure status must differ from the success status")
                }
            }
        }
    }
}

extension ConnectionSettings {
    static let keys: Set<String> = ["planfix_rest_url", "planfix_rest_token", "planfix_telephony_url", "planfix_telephony_token",
                                    "pbx_key", "uis_data_api_token", "uis_call_api_token", "webhook_secret",
                                    "uis_data_api_url", "uis_call_api_url"]

    init(reading o: SettingsObject) {
        self.init()
        planfixRestURL = o.string("planfix_rest_url")
        planfixRestToken = o.string("planfix_rest_token")
        planfixTelephonyURL = o.string("planfix_telephony_url")
        planfixTelephonyToken = o.string("planfix_telephony_token")
        pbxKey = o.string("pbx_key")
        uisDataAPIToken = o.string("uis_data_api_token")
        uisCallAPIToken = o.string("uis_call_api_token")
        webhookSecret = o.string("webhook_secret")
        uisDataAPIURL = o.string("uis_data_api_url")
        uisCallAPIURL = o.string("uis_call_api_url")
        if let secret = webhookSecret, !WebhookSecret.isWellFormed(secret) {
            // The value itself is never echoed: it is a secret.
            o.sink.add(SettingsNode.join(o.path, "webhook_secret"), "must be 16 to 128 characters of letters, digits, \"-\" and \"_\"")
        }
        for key in ["planfix_rest_url", "planfix_telephony_url", "uis_data_api_url", "uis_call_api_url"] {
            guard let url = o.string(key) else { continue }
            let lower = url.lowercased()
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || URL(string: url)?.host == nil {
                o.sink.add(SettingsNode.join(o.path, key), "not an http(s) URL")
            }
        }
    }
}

extension FlowSettings {
    init(reading node: SettingsNode, flow: RuleFlow) {
        self.init(flow: flow)
        var keys: Set<String> = ["enabled", "filter", "primary", "repeat", "responsibles", "templates", "fields"]
        if flow == .incomingCall { keys.insert("personal_manager") }
        if flow == .chat { keys.formUnion(["trigger", "trigger_tag", "pass_without_contact_data"]) }
        guard let o = node.object(keys: keys) else { return }
        enabled = o.bool("enabled", default: true)
        if let f = o.child("filter")?.object(keys: ["enabled", "rule"]) {
            filter = FilterSetting(enabled: f.bool("enabled", default: false), rule: f.child("rule").flatMap { RuleFilter(reading: $0, flow: flow, depth: 1) })
        }
        if let p = o.child("primary") { primary = CreationRule(reading: p, flow: flow) ?? primary }
        if let r = o.child("repeat") { repeated = CreationRule(reading: r, flow: flow) ?? repeated }
        if enabled, o.child("responsibles") == nil { node.sink.add(SettingsNode.join(node.path, "responsibles"), "missing required key (a default responsible is required)") }
        if let r = o.child("responsibles")?.object(keys: ["default", "rules"]) {
            responsibles.defaultEmployeeId = enabled ? r.required("default")?.id : r.id("default")
            responsibles.rules = r.child("rules")?.array?.compactMap { item -> ResponsibleRule? in
                guard let ro = item.object(keys: ["filter", "employee_id"]) else { return nil }
                let filter = ro.required("filter").flatMap { RuleFilter(reading: $0, flow: flow, depth: 1) }
                let employee = ro.required("employee_id")?.id
                guard let filter, let employee else { return nil }
                return ResponsibleRule(filter: filter, employeeId: employee)
            } ?? []
        }
        personalManager = o.bool("personal_manager", default: false)
        let slots = Self.slots(flow)
        if let t = o.child("templates")?.object(keys: Set(slots.map(\.key))) {
            for (key, slot) in slots {
                guard let n = t.child(key), let text = n.string else { continue }
                if text.count > 1000 { n.issue("template is \(text.count) characters, over the limit of 1000") }
                for problem in MessageTemplate(text).problems(in: flow.catalogue) { n.issue(problem) }
                templates[slot] = text
            }
        }
        fields = o.child("fields")?.array?.compactMap { FieldMapping(reading: $0, flow: flow) } ?? []
    }
}

extension ChatSettings {
    init(reading node: SettingsNode) {
        self.init()
        flow = FlowSettings(reading: node, flow: .chat)
        guard case let .object(fields) = node.value else { return }
        let o = SettingsObject(fields: fields, path: node.path, sink: node.sink)
        passWithoutContactData = o.bool("pass_without_contact_data", default: false)
        switch o.oneOf("trigger", ChatTrigger.Moment.self) {
        case .chatStart?: trigger = .chatStart
        case .chatEnd?, nil: trigger = .chatEnd
        case .tagSet?:
            let tag = o.required("trigger_tag")?.string ?? ""
            if tag.trimmingCharacters(in: .whitespaces).isEmpty { node.sink.add(SettingsNode.join(node.path, "trigger_tag"), "a tag is required when trigger is \"tag_set\"") }
            trigger = .tagSet(tag)
        }
    }
}

extension CreationRule {
    init?(reading node: SettingsNode, flow: RuleFlow) {
        guard let o = node.object(keys: ["create", "object_id", "template_id"]),
              let createNode = o.required("create"), let create = createNode.oneOf(CreationChoice.self) else { return nil }
        guard CreationChoice.allowed(in: flow).contains(create) else {
            createNode.issue("\"\(create.rawValue)\" is not offered for this flow (expected one of: \(CreationChoice.allowed(in: flow).map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        self.init(create: create, objectId: o.id("object_id"), templateId: o.id("template_id"))
    }
}

extension FieldMapping {
    init?(reading node: SettingsNode, flow: RuleFlow) {
        guard let o = node.object(keys: ["parameter", "target", "field_id", "type", "mode", "directory_lookup", "directory_entries"]) else { return nil }
        var parameter = o.required("parameter")?.string
        if let p = parameter, !flow.catalogue.keys.contains(p) {
            o.child("parameter")?.issue("unknown parameter \"\(p.prefix(60))\"")
            parameter = nil
        }
        let target = o.required("target")?.oneOf(Target.self)
        let fieldId = o.required("field_id")?.id
        let type = o.required("type")?.oneOf(CustomFieldType.self)
        let mode = o.child("mode")?.oneOf(Mode.self) ?? .onCreate
        let lookup = o.child("directory_lookup")?.oneOf(DirectoryLookup.self) ?? .byId
        var entries: [String: Int] = [:]
        if let e = o.child("directory_entries"), case let .object(map) = e.value {
            for (k, v) in map { if let id = SettingsNode(value: v, path: SettingsNode.join(e.path, k), sink: e.sink).id { entries[k] = id } }
        } else if let e = o.child("directory_entries") { e.issue("expected an object, got \(SettingsNode.kind(e.value))") }
        if type == .directoryEntry, lookup == .byValue, entries.isEmpty {
            node.sink.add(SettingsNode.join(node.path, "directory_entries"), "required (non-empty) when directory_lookup is \"value\"")
        }
        guard let parameter, let target, let fieldId, let type else { return nil }
        self.init(parameter: parameter, target: target, fieldId: fieldId, type: type, mode: mode, directoryLookup: lookup, directoryEntries: entries)
    }
}
