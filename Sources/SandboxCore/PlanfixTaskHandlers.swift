/// `/task/...` endpoints (PF §1.5 Tasks and Comments): create by template or object (201), get with
/// `fields`, update (POST), list with filters (incl. the description/marker filter), comments add/list.
/// Errors: 404 code 1000 for unknown tasks, 400 code 41 for unknown template/object/status/counterparty.
enum PlanfixTaskHandlers {
    static func checkReferences(_ t: [String: JSONValue], _ s: TenantState) -> PlanfixReply? {
        let pf = s.config.planfix
        if let id = t["template"]?["id"]?.intValue, !pf.taskTemplates.contains(where: { $0.id == id }) {
            return .fail(400, code: SandboxAssumptions.taskCreateBadReferenceCode, "Template not find by id \(id)")
        }
        if let id = t["object"]?["id"]?.intValue, !pf.objects.contains(where: { $0.id == id }) {
            return .fail(400, code: SandboxAssumptions.taskCreateBadReferenceCode, "Object not find by id \(id)")
        }
        if let id = t["status"]?["id"]?.intValue {
            let known = pf.statuses + pf.objects.flatMap { $0.statuses ?? [] }
            if !known.contains(where: { $0.id == id }) {
                return .fail(400, code: SandboxAssumptions.taskCreateBadReferenceCode, "Status not find by id \(id)")
            }
        }
        if let cp = t["counterparty"], let id = PlanfixID.parse(cp["id"]), PlanfixID.kind(cp["id"]) ?? "contact" == "contact",
           s.contacts[id] == nil {
            return .fail(400, code: SandboxAssumptions.taskCreateBadReferenceCode, "Counterparty not find by id \(id)")
        }
        return nil
    }

    static func create(_ call: PlanfixCall) -> PlanfixReply {
        guard case .object(var t) = call.body else { return .fail(400, code: 41, "Body must be an object") }
        let reply: PlanfixReply = call.withState { s in
            if let bad = checkReferences(t, s) { return bad }
            let id = s.nextTaskId
            s.nextTaskId += 1
            t["id"] = .int(id)
            if t["status"] == nil { t["status"] = ["id": .int(SandboxAssumptions.defaultTaskStatusId)] }
            t["dateTime"] = t["dateTime"] ?? PlanfixCall.timestamp()
            s.tasks[id] = t
            return .success(["id": .int(id)], status: 201)
        }
        if let id = reply.body["id"]?.intValue {
            call.effect("task.created", ["id": .int(id), "name": .optional(t["name"]?.stringValue),
                                         "marker": .optional(call.marker(in: t["description"]?.stringValue)),
                                         "counterparty": t["counterparty"]?["id"] ?? .null])
        }
        return reply
    }

    static func taskId(_ call: PlanfixCall) -> Int64? { call.pathId.flatMap { PlanfixID.parse($0) } }

    static func get(_ call: PlanfixCall) -> PlanfixReply {
        guard let id = taskId(call) else { return .fail(SandboxAssumptions.taskNotFoundStatus, code: 1000, "Task not found by id \(call.pathId ?? "")") }
        return call.withState { s in
            guard let t = s.tasks[id] else { return .fail(SandboxAssumptions.taskNotFoundStatus, code: 1000, "Task not found by id \(id)") }
            let out = PlanfixPresenter(state: s).select(t, fields: call.query["fields"], customDefs: s.config.planfix.taskCustomFields,
                                                        prefix: nil, prefixedId: false)
            return .success(["task": out])
        }
    }

    static func update(_ call: PlanfixCall) -> PlanfixReply {
        guard let id = taskId(call) else { return .fail(404, code: 1000, "Task for update not found by id \(call.pathId ?? "")") }
        guard case .object(let changes) = call.body else { return .fail(400, code: 41, "Body must be an object") }
        let reply: PlanfixReply = call.withState { s in
            guard var t = s.tasks[id] else { return .fail(404, code: 1000, "Task for update not found by id \(id)") }
            if let bad = checkReferences(changes, s) { return bad }
            for (k, v) in changes where k != "id" {
                t[k] = k == "customFieldData" ? PlanfixContactHandlers.mergeCustomFields(t[k], v) : v
            }
            t["dateOfLastUpdate"] = PlanfixCall.timestamp()
            s.tasks[id] = t
            return .success()
        }
        if reply.status == 200 {
            call.effect("task.updated", ["id": .int(id), "fields": .array(changes.keys.sorted().map { .string($0) }),
                                         "status": changes["status"]?["id"] ?? .null])
        }
        return reply
    }

    static func list(_ call: PlanfixCall) -> PlanfixReply {
        let filters: [PlanfixFilters.Predicate]
        switch PlanfixFilters.build(call.body["filters"], kind: "task", make: PlanfixFilters.task) {
        case .success(let f): filters = f
        case .failure(let reply): return reply
        }
        return call.withState { s in
            let matching = s.tasks.keys.sorted().map { s.tasks[$0]! }.filter { t in filters.allSatisfy { $0(t) } }
            let presenter = PlanfixPresenter(state: s)
            let page = PlanfixFilters.page(matching, call.body).map {
                presenter.select($0, fields: call.body["fields"]?.stringValue, customDefs: s.config.planfix.taskCustomFields,
                                 prefix: nil, prefixedId: false)
            }
            return .success(["tasks": .array(page)])
        }
    }

    static func addComment(_ call: PlanfixCall) -> PlanfixReply {
        guard let taskId = taskId(call) else { return .fail(SandboxAssumptions.commentTaskNotFoundStatus, code: 1000, "Task not found by id \(call.pathId ?? "")") }
        guard case .object(var c) = call.body else { return .fail(400, code: 41, "Body must be an object") }
        let reply: PlanfixReply = call.withState { s in
            guard s.tasks[taskId] != nil else { return .fail(SandboxAssumptions.commentTaskNotFoundStatus, code: 1000, "Task not found by id \(taskId)") }
            let id = s.nextCommentId
            s.nextCommentId += 1
            c["id"] = .int(id)
            c["taskId"] = .int(taskId)
            c["dateTime"] = c["dateTime"] ?? PlanfixCall.timestamp()
            s.comments[id] = c
            return .success(["id": .int(id)], status: 201)
        }
        if let id = reply.body["id"]?.intValue {
            call.effect("comment.added", ["id": .int(id), "taskId": .int(taskId),
                                          "marker": .optional(call.marker(in: c["description"]?.stringValue))])
        }
        return reply
    }

    static func listComments(_ call: PlanfixCall) -> PlanfixReply {
        guard let taskId = taskId(call) else { return .fail(404, code: 1000, "Task not found by id \(call.pathId ?? "")") }
        return call.withState { s in
            guard s.tasks[taskId] != nil else { return .fail(404, code: 1000, "Task not found by id \(taskId)") }
            let all = s.comments.keys.sorted().map { s.comments[$0]! }.filter { $0["taskId"]?.intValue == taskId }
            let presenter = PlanfixPresenter(state: s)
            let fields = call.body["fields"]?.stringValue ?? "id,description,owner,dateTime"
            let page = PlanfixFilters.page(all, call.body).map {
                presenter.select($0, fields: fields, customDefs: [], prefix: nil, prefixedId: false)
            }
            return .success(["comments": .array(page)])
        }
    }
}
