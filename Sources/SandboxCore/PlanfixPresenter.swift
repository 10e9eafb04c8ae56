import Foundation

/// Turns stored contacts, tasks and users into the response shapes of PF §1.5: only the requested
/// `fields` (plus `id`), people as `{"id":"user:3","name":"..."}`, statuses with names, custom fields with
/// their definitions. Pure; unknown references are passed through as stored.
struct PlanfixPresenter {
    let state: TenantState

    /// System field names and custom-field ids from a `fields` list.
    static func parseFields(_ fields: String?) -> (system: [String], custom: Set<Int64>) {
        var system: [String] = [], custom = Set<Int64>()
        for raw in (fields ?? "").split(separator: ",") {
            let f = raw.trimmingCharacters(in: .whitespaces)
            if f.isEmpty { continue }
            if let n = Int64(f) { custom.insert(n) } else { system.append(f) }
        }
        return (system, custom)
    }

    func select(_ entity: [String: JSONValue], fields: String?, customDefs: [CustomFieldConfig],
                prefix: String?, prefixedId: Bool) -> JSONValue {
        let (system, custom) = Self.parseFields(fields)
        let id = entity["id"]?.intValue ?? 0
        var out: [String: JSONValue] = ["id": prefixedId && prefix != nil ? .string("\(prefix!):\(id)") : .int(id)]
        for name in system where name != "id" {
            if let v = entity[name] { out[name] = present(name, v) }
        }
        if !custom.isEmpty {
            let values = (entity["customFieldData"]?.arrayValue ?? []).filter { cf in
                cf["field"]?["id"]?.intValue.map(custom.contains) ?? false
            }
            out["customFieldData"] = .array(values.map { cf in
                let fid = cf["field"]?["id"]?.intValue ?? 0
                var field: [String: JSONValue] = ["id": .int(fid)]
                if let def = customDefs.first(where: { $0.id == fid }) {
                    field["name"] = .string(def.name); field["type"] = .int(def.type)
                }
                return ["field": .object(field), "value": cf["value"] ?? .null]
            })
        }
        return .object(out)
    }

    func person(_ ref: JSONValue) -> JSONValue {
        let kind = PlanfixID.kind(ref["id"]) ?? "contact"
        guard let id = PlanfixID.parse(ref["id"]) else { return ref }
        var name: String?
        if kind == "user" { name = state.user(id: id).map { u in [u.name, u.lastname].compactMap { $0 }.joined(separator: " ") } }
        if kind == "contact" { name = state.contacts[id].map(Self.fullName) }
        var o: [String: JSONValue] = ["id": .string("\(kind):\(id)")]
        if let name { o["name"] = .string(name) }
        return .object(o)
    }

    func people(_ v: JSONValue) -> JSONValue {
        guard case .object(var o) = v else { return v }
        if let users = o["users"]?.arrayValue { o["users"] = .array(users.map(person)) }
        return .object(o)
    }

    func present(_ field: String, _ v: JSONValue) -> JSONValue {
        switch field {
        case "status":
            guard let id = v["id"]?.intValue else { return v }
            let all = state.config.planfix.statuses + state.config.planfix.objects.flatMap { $0.statuses ?? [] }
            guard let s = all.first(where: { $0.id == id }) else { return v }
            return ["id": .int(id), "name": .string(s.name), "isActive": .bool(s.isActive ?? true)]
        case "assigner", "counterparty": return person(v)
        case "assignees", "participants", "auditors", "supervisors": return people(v)
        case "template":
            guard let id = v["id"]?.intValue, let t = (state.config.planfix.taskTemplates + state.config.planfix.contactTemplates)
                .first(where: { $0.id == id }) else { return v }
            return ["id": .int(id), "name": .string(t.name)]
        case "object":
            guard let id = v["id"]?.intValue, let o = state.config.planfix.objects.first(where: { $0.id == id }) else { return v }
            return ["id": .int(id), "name": .string(o.name)]
        default: return v
        }
    }

    static func fullName(_ c: [String: JSONValue]) -> String {
        [c["lastname"]?.stringValue, c["name"]?.stringValue, c["midname"]?.stringValue]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A configured employee as a stored entity (`UserResponse` fields).
    static func userEntity(_ u: UserConfig) -> [String: JSONValue] {
        var o: [String: JSONValue] = [
            "id": .int(u.id), "name": .string(u.name), "status": .string(u.isActive ? "Active" : "Inactive"),
            "role": .string(u.role ?? "User"), "isDeleted": false,
            "phones": .array((u.phones ?? []).map { ["number": .string($0), "type": 1] }),
        ]
        if let v = u.lastname { o["lastname"] = .string(v) }
        if let v = u.midname { o["midname"] = .string(v) }
        if let v = u.email { o["email"] = .string(v); o["login"] = .string(v) }
        if SandboxAssumptions.userListReturnsExtension, let e = u.extension_ { o["extensionNumber"] = .string(e) }
        return o
    }
}
