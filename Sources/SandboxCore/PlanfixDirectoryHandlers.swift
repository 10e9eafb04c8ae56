/// Read-only Planfix endpoints served from the tenant file (PF §1.5 Employees, Custom fields, templates,
/// objects, statuses): `/user/list` with paging and filters (9004 extension ...), `/user/{id}`,
/// `/customfield/{task|contact}`, `/task/templates`, `/contact/templates`, `/object/list`, `/object/{id}`,
/// `/object/{id}/statuses`, `/process/task`, `/process/task/{id}/statuses`. Unknown ids → 404 code 0.
enum PlanfixDirectoryHandlers {
    static func ping(_ call: PlanfixCall) -> PlanfixReply { .success() }

    static func userList(_ call: PlanfixCall) -> PlanfixReply {
        var preds: [@Sendable (UserConfig) -> Bool] = []
        for f in call.body["filters"]?.arrayValue ?? [] {
            let type = f["type"]?.intValue ?? -1
            guard let p = PlanfixFilters.user(type, f["value"] ?? .null) else {
                return .fail(400, code: SandboxAssumptions.unsupportedFilterCode, "Unsupported user filter type \(type)")
            }
            let op = f["operator"]?.stringValue ?? "equal"
            guard op == "equal" || op == "notequal" else { return .fail(400, code: 41, "Operator \(op) is not supported") }
            if op == "equal" { preds.append(p) } else { preds.append { @Sendable u in !p(u) } }
        }
        let onlyActive = call.body["onlyActive"]?.boolValue ?? false
        return call.withState { s in
            let users = s.config.users.filter { u in (!onlyActive || u.isActive) && preds.allSatisfy { $0(u) } }
            let presenter = PlanfixPresenter(state: s)
            let page = PlanfixFilters.page(users, call.body).map {
                presenter.select(PlanfixPresenter.userEntity($0), fields: call.body["fields"]?.stringValue, customDefs: [],
                                 prefix: "user", prefixedId: call.body["prefixedId"]?.boolValue ?? false)
            }
            return .success(["users": .array(page)])
        }
    }

    static func user(_ call: PlanfixCall) -> PlanfixReply {
        guard let id = call.pathId.flatMap({ PlanfixID.parse($0, prefix: "user") }), let u = call.tenant.users.first(where: { $0.id == id }) else {
            return .fail(404, code: 4000, "User not found by id \(call.pathId ?? "")")
        }
        return call.withState { s in
            .success(["user": PlanfixPresenter(state: s).select(PlanfixPresenter.userEntity(u), fields: call.query["fields"],
                                                                 customDefs: [], prefix: "user", prefixedId: false)])
        }
    }

    static func customFields(_ defs: [CustomFieldConfig]) -> PlanfixReply {
        .success(["customfields": .array(defs.map { ["id": .int($0.id), "name": .string($0.name), "type": .int($0.type)] })])
    }

    static func taskCustomFields(_ call: PlanfixCall) -> PlanfixReply { customFields(call.tenant.planfix.taskCustomFields) }
    static func contactCustomFields(_ call: PlanfixCall) -> PlanfixReply { customFields(call.tenant.planfix.contactCustomFields) }

    static func named(_ list: [NamedEntity]) -> JSONValue {
        .array(list.map { e in
            var o: [String: JSONValue] = ["id": .int(e.id), "name": .string(e.name)]
            if let a = e.isActive { o["isActive"] = .bool(a) }
            return .object(o)
        })
    }

    static func taskTemplates(_ call: PlanfixCall) -> PlanfixReply { .success(["templates": named(call.tenant.planfix.taskTemplates)]) }
    static func contactTemplates(_ call: PlanfixCall) -> PlanfixReply { .success(["templates": named(call.tenant.planfix.contactTemplates)]) }

    static func objectList(_ call: PlanfixCall) -> PlanfixReply {
        let objs = PlanfixFilters.page(call.tenant.planfix.objects, call.body)
        return .success(["objects": .array(objs.map { ["id": .int($0.id), "name": .string($0.name)] })])
    }

    static func object(_ call: PlanfixCall) -> PlanfixReply {
        guard let id = call.pathId.flatMap({ PlanfixID.parse($0) }), let o = call.tenant.planfix.objects.first(where: { $0.id == id }) else {
            return .fail(404, code: 0, "Object not found by id \(call.pathId ?? "")")
        }
        return .success(["object": ["id": .int(o.id), "name": .string(o.name)]])
    }

    static func objectStatuses(_ call: PlanfixCall) -> PlanfixReply {
        guard let id = call.pathId.flatMap({ PlanfixID.parse($0) }), let o = call.tenant.planfix.objects.first(where: { $0.id == id }) else {
            return .fail(404, code: 0, "Object not found by id \(call.pathId ?? "")")
        }
        return .success(["statuses": named(o.statuses ?? call.tenant.planfix.statuses)])
    }

    static func processes(_ call: PlanfixCall) -> PlanfixReply {
        .success(["processes": .array([["id": 1, "name": "Основной процесс"]])])
    }

    static func processStatuses(_ call: PlanfixCall) -> PlanfixReply {
        guard call.pathId == "1" else { return .fail(404, code: 0, "Process not found by id \(call.pathId ?? "")") }
        return .success(["statuses": named(call.tenant.planfix.statuses)])
    }
}
