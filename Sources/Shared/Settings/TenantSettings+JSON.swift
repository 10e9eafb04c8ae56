import Foundation

/// Writing the document (the inverse of reading), Codable conformance, validation of in-memory settings and
/// the redacted copy for logs and exports.
extension TenantSettings: Codable {
    public init(from decoder: any Decoder) throws {
        switch Self.parse(try JSONValue(from: decoder)) {
        case let .success(s): self = s
        case let .failure(e): throw e
        }
    }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }

    /// Issues of settings built in code: the same checks as reading a document.
    public func validate() -> [SettingsIssue] {
        switch Self.parse(json) {
        case .success: return []
        case let .failure(e): return e.issues
        }
    }

    /// A copy with every secret (tokens, the PBX key) replaced by "***"; safe for logs, errors and exports.
    public func redacted() -> TenantSettings {
        var copy = self
        func mask(_ s: String?) -> String? { s == nil ? nil : "***" }
        copy.connection.planfixRestToken = mask(connection.planfixRestToken)
        copy.connection.planfixTelephonyToken = mask(connection.planfixTelephonyToken)
        copy.connection.pbxKey = mask(connection.pbxKey)
        copy.connection.uisDataAPIToken = mask(connection.uisDataAPIToken)
        copy.connection.uisCallAPIToken = mask(connection.uisCallAPIToken)
        copy.connection.webhookSecret = mask(connection.webhookSecret)
        return copy
    }

    /// The document as JSON (keys as in `settings/README.md`).
    public var json: JSONValue {
        var deal: [String: JSONValue] = ["enabled": .bool(deals.enabled)]
        deal["task_object_id"] = deals.taskObjectId.map(Self.num)
        deal["success_status_id"] = deals.successStatusId.map(Self.num)
        deal["failure_status_id"] = deals.failureStatusId.map(Self.num)
        if let id = deals.amountFieldId, let t = deals.amountFieldType {
            deal["amount_field"] = .object(["id": Self.num(id), "type": .string(t.rawValue)])
        }
        var tel: [String: JSONValue] = ["enabled": .bool(telephony.enabled), "always_show_number": .bool(telephony.alwaysShowNumber),
                                        "incoming": telephony.incoming.json, "outgoing": telephony.outgoing.json,
                                        "routing": .object(["returned_code": Self.num(telephony.routing.returnedCode),
                                                            "max_age_seconds": Self.num(telephony.routing.maxAgeSeconds)])]
        tel["outgoing_number"] = telephony.outgoingNumber.map(JSONValue.string)
        return .object([
            "version": Self.num(version),
            "connection": connection.json,
            "employees": .object(["sync_all": .bool(employees.syncAll), "planfix_user_ids": .array(employees.planfixUserIds.map(Self.num)),
                                  "auto_sync_hours": employees.autoSyncHours.map(Self.num) ?? .null]),
            "telephony": .object(tel),
            "leads": leads.json,
            "chats": chats.json,
            "deals": .object(deal),
        ])
    }

    static func num(_ n: Int) -> JSONValue { .number(Double(n)) }
}

extension ConnectionSettings {
    var json: JSONValue {
        var o: [String: JSONValue] = [:]
        o["planfix_rest_url"] = planfixRestURL.map(JSONValue.string)
        o["planfix_rest_token"] = planfixRestToken.map(JSONValue.string)
        o["planfix_telephony_url"] = planfixTelephonyURL.map(JSONValue.string)
        o["planfix_telephony_token"] = planfixTelephonyToken.map(JSONValue.string)
        o["pbx_key"] = pbxKey.map(JSONValue.string)
        o["uis_data_api_token"] = uisDataAPIToken.map(JSONValue.string)
        o["uis_call_api_token"] = uisCallAPIToken.map(JSONValue.string)
        o["webhook_secret"] = webhookSecret.map(JSONValue.string)
        o["uis_data_api_url"] = uisDataAPIURL.map(JSONValue.string)
        o["uis_call_api_url"] = uisCallAPIURL.map(JSONValue.string)
        return .object(o)
    }
}

extension FlowSettings {
    var json: JSONValue {
        var filterJSON: [String: JSONValue] = ["enabled": .bool(filter.enabled)]
        filterJSON["rule"] = filter.rule?.json
        var resp: [String: JSONValue] = ["rules": .array(responsibles.rules.map {
            .object(["filter": $0.filter.json, "employee_id": TenantSettings.num($0.employeeId)])
        })]
        resp["default"] = responsibles.defaultEmployeeId.map(TenantSettings.num)
        var tpl: [String: JSONValue] = [:]
        for (key, slot) in Self.slots(flow) { tpl[key] = templates[slot].map(JSONValue.string) }
        var o: [String: JSONValue] = [
            "enabled": .bool(enabled), "filter": .object(filterJSON), "primary": primary.json, "repeat": repeated.json,
            "responsibles": .object(resp), "templates": .object(tpl), "fields": .array(fields.map(\.json)),
        ]
        if flow == .incomingCall { o["personal_manager"] = .bool(personalManager) }
        return .object(o)
    }
}

extension ChatSettings {
    var json: JSONValue {
        guard case var .object(o) = flow.json else { return flow.json }
        o["pass_without_contact_data"] = .bool(passWithoutContactData)
        switch trigger {
        case .chatStart: o["trigger"] = .string(ChatTrigger.Moment.chatStart.rawValue)
        case .chatEnd: o["trigger"] = .string(ChatTrigger.Moment.chatEnd.rawValue)
        case let .tagSet(tag):
            o["trigger"] = .string(ChatTrigger.Moment.tagSet.rawValue)
            o["trigger_tag"] = .string(tag)
        }
        return .object(o)
    }
}

extension CreationRule {
    var json: JSONValue {
        var o: [String: JSONValue] = ["create": .string(create.rawValue)]
        o["object_id"] = objectId.map(TenantSettings.num)
        o["template_id"] = templateId.map(TenantSettings.num)
        return .object(o)
    }
}

extension FieldMapping {
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "parameter": .string(parameter), "target": .string(target.rawValue), "field_id": TenantSettings.num(fieldId),
            "type": .string(type.rawValue), "mode": .string(mode.rawValue),
        ]
        if type == .directoryEntry {
            o["directory_lookup"] = .string(directoryLookup.rawValue)
            if !directoryEntries.isEmpty { o["directory_entries"] = .object(directoryEntries.mapValues(TenantSettings.num)) }
        }
        return .object(o)
    }
}
