/// `/contact/...` endpoints (PF §1.5 Contacts): list with filters, get, create (201), update (POST).
/// Errors: 404 code 2000 for unknown ids, 400 code 2006 for an empty name.
enum PlanfixContactHandlers {
    static func list(_ call: PlanfixCall) -> PlanfixReply {
        let filters: [PlanfixFilters.Predicate]
        switch PlanfixFilters.build(call.body["filters"], kind: "contact", make: PlanfixFilters.contact) {
        case .success(let f): filters = f
        case .failure(let reply): return reply
        }
        let wantCompanies = call.body["isCompany"]?.boolValue ?? false
        return call.withState { s in
            let matching = s.contacts.keys.sorted().map { s.contacts[$0]! }.filter { c in
                (c["isCompany"]?.boolValue ?? false) == wantCompanies && filters.allSatisfy { $0(c) }
            }
            let presenter = PlanfixPresenter(state: s)
            let page = PlanfixFilters.page(matching, call.body).map {
                presenter.select($0, fields: call.body["fields"]?.stringValue, customDefs: s.config.planfix.contactCustomFields,
                                 prefix: "contact", prefixedId: call.body["prefixedId"]?.boolValue ?? false)
            }
            return .success(["contacts": .array(page)])
        }
    }

    static func get(_ call: PlanfixCall) -> PlanfixReply {
        guard let id = call.pathId.flatMap({ PlanfixID.parse($0, prefix: "contact") }) else {
            return .fail(404, code: 2000, "Contact not found by id \(call.pathId ?? "")")
        }
        return call.withState { s in
            guard let c = s.contacts[id] else { return .fail(404, code: 2000, "Contact not found by id \(id)") }
            let out = PlanfixPresenter(state: s).select(c, fields: call.query["fields"], customDefs: s.config.planfix.contactCustomFields,
                                                        prefix: "contact", prefixedId: false)
            return .success(["contact": out])
        }
    }

    static func create(_ call: PlanfixCall) -> PlanfixReply {
        guard case .object(var c) = call.body else { return .fail(400, code: 41, "Body must be an object") }
        let names = ["name", "lastname", "midname"].compactMap { c[$0]?.stringValue }.filter { !$0.isEmpty }
        if names.isEmpty && !(c["isCompany"]?.boolValue ?? false) {
            return .fail(SandboxAssumptions.contactEmptyNameStatus, code: 2006, "Contact full name is empty")
        }
        let reply: PlanfixReply = call.withState { s in
            if let t = c["template"]?["id"]?.intValue, !s.config.planfix.contactTemplates.contains(where: { $0.id == t }) {
                return .fail(400, code: 41, "Template not find by id \(t)")
            }
            let id = s.nextContactId
            s.nextContactId += 1
            c["id"] = .int(id)
            c["createdDate"] = PlanfixCall.timestamp()
            s.contacts[id] = c
            return .success(["id": .int(id)], status: 201)
        }
        if let id = reply.body["id"]?.intValue {
            call.effect("contact.created", ["id": .int(id), "name": .optional(c["name"]?.stringValue),
                                            "phones": .array(Phone.numbers(of: c).map { .string($0) }), "source": "rest"])
        }
        return reply
    }

    static func update(_ call: PlanfixCall) -> PlanfixReply {
        guard let id = call.pathId.flatMap({ PlanfixID.parse($0, prefix: "contact") }) else {
            return .fail(404, code: 2000, "Contact for update not found by id \(call.pathId ?? "")")
        }
        guard case .object(let changes) = call.body else { return .fail(400, code: 41, "Body must be an object") }
        let reply: PlanfixReply = call.withState { s in
            guard var c = s.contacts[id] else { return .fail(404, code: 2000, "Contact for update not found by id \(id)") }
            for (k, v) in changes where k != "id" {
                if k == "customFieldData" { c[k] = mergeCustomFields(c[k], v) } else { c[k] = v }
            }
            c["dateOfLastUpdate"] = PlanfixCall.timestamp()
            s.contacts[id] = c
            return .success()
        }
        if reply.status == 200 { call.effect("contact.updated", ["id": .int(id), "fields": .array(changes.keys.sorted().map { .string($0) })]) }
        return reply
    }

    /// Custom field values are merged by field id: an update touches only the fields it names.
    static func mergeCustomFields(_ old: JSONValue?, _ new: JSONValue) -> JSONValue {
        var merged = old?.arrayValue ?? []
        for item in new.arrayValue ?? [] {
            let fid = item["field"]?["id"]?.intValue
            if let i = merged.firstIndex(where: { $0["field"]?["id"]?.intValue == fid }) { merged[i] = item } else { merged.append(item) }
        }
        return .array(merged)
    }
}
