import Foundation

/// The Data API deal methods (UCLD §3.2-3.5): `create.sales_funnel`, `create.deal_contacts`,
/// `update.deal_contacts`, `create.deal_employees`, `upload.deals_history`. Uploads are all-or-nothing: every
/// deal is checked before any is stored, and an error names the record (`deals[i].field`). A test can make UIS
/// refuse given deals (`POST /_admin/uis/refused_deals`). Errors: `required_parameter_missed`, `data_type_error`,
/// `duplicate_entity`, `entity_not_found`, `invalid_date_time`, `invalid_parameters_combination`,
/// `data_limit_exceeded`, `invalid_parameter_value`.
enum UISDealHandlers {
    static func salesFunnel(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(["access_token", "user_id", "ext_id", "name", "stages"])
        let ext = try p.string("ext_id", required: true)!, name = try p.string("name", required: true)!
        let stages = try p.object("stages", required: true)!
        try stages.allowOnly(["success", "failed", "in_process"])
        var stageList: [JSONValue] = []
        for kind in ["success", "failed"] {
            let st = try stages.object(kind, required: true)!
            stageList.append(["ext_id": .string(try st.string("ext_id", required: true)!), "name": .string(try st.string("name", required: true)!),
                              "status": .string(kind)])
        }
        let inProcess = try stages.array("in_process", required: true)!
        guard (1...100).contains(inProcess.count) else { throw RPCError.invalid("stages.in_process", .array(inProcess)) }
        for (i, raw) in inProcess.enumerated() {
            guard let o = raw.objectValue else { throw RPCError.wrongType("stages.in_process[\(i)]", raw) }
            let st = UISParams(o, prefix: "stages.in_process[\(i)]")
            let order = try st.int("order", required: true, range: 0...10_000)!
            stageList.append(["ext_id": .string(try st.string("ext_id", required: true)!), "name": .string(try st.string("name", required: true)!),
                              "status": "in_process", "order": .int(order)])
        }
        let ids = stageList.compactMap { $0["ext_id"]?.stringValue }
        if Set(ids).count != ids.count { throw RPCError.create("duplicate_entity", "stages", nil) }
        let funnel: JSONValue = ["ext_id": .string(ext), "name": .string(name), "stages": .array(stageList)]
        try call.stateThrowing { s throws(RPCError) in
            if s.funnels[ext] != nil { throw RPCError.create("duplicate_entity", "ext_id", .string(ext)) }
            s.funnels[ext] = funnel
        }
        call.effect("sales_funnel.created", ["ext_id": .string(ext), "stages": JSONValue(stageList.count)])
        return (["ext_id": .string(ext)], 0)
    }

    static func dealEmployees(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(["access_token", "user_id", "ext_id", "name"])
        let ext = try p.string("ext_id", required: true)!, name = try p.string("name", required: true)!
        try call.stateThrowing { s throws(RPCError) in
            if s.dealEmployees[ext] != nil { throw RPCError.create("duplicate_entity", "ext_id", .string(ext)) }
            s.dealEmployees[ext] = ["ext_id": .string(ext), "name": .string(name)]
        }
        call.effect("deal_employee.created", ["ext_id": .string(ext)])
        return (["ext_id": .string(ext)], 0)
    }

    static func dealContacts(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(["access_token", "user_id", "contacts"])
        let list = try p.array("contacts", required: true)!
        guard list.count <= 1000 else { throw RPCError.create("data_limit_exceeded", "contacts", nil) }
        var parsed: [(String, JSONValue)] = []
        for (i, raw) in list.enumerated() {
            guard let o = raw.objectValue else { throw RPCError.wrongType("contacts[\(i)]", raw) }
            let c = UISParams(o, prefix: "contacts[\(i)]")
            try c.allowOnly(["ext_id", "name", "created_date_time", "phone_numbers", "emails"])
            let ext = try c.string("ext_id", required: true)!
            _ = try c.string("name", required: true)
            try checkContactFields(c)
            parsed.append((ext, raw))
        }
        try call.stateThrowing { s throws(RPCError) in
            for (ext, _) in parsed where s.dealContacts[ext] != nil { throw RPCError.create("duplicate_entity", "ext_id", .string(ext)) }
            for (ext, c) in parsed { s.dealContacts[ext] = c }
        }
        call.effect("deal_contacts.created", ["ext_ids": .array(parsed.map { .string($0.0) })])
        return ([:], 0)
    }

    /// `update.deal_contacts`: one contact; the fields given replace UIS's (lists whole: "передавать актуальный
    /// список"), an empty list clears them. `entity_not_found` for a contact never created.
    static func updateDealContact(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(["access_token", "user_id", "ext_id", "name", "created_date_time", "phone_numbers", "emails"])
        let ext = try p.string("ext_id", required: true)!
        _ = try p.string("name")
        try checkContactFields(p)
        let changes = p.raw.filter { !["access_token", "user_id"].contains($0.key) }
        try call.stateThrowing { s throws(RPCError) in
            guard case .object(var contact)? = s.dealContacts[ext] else { throw RPCError.create("entity_not_found", "ext_id", .string(ext)) }
            for (key, value) in changes { contact[key] = value }
            s.dealContacts[ext] = .object(contact)
        }
        call.effect("deal_contact.updated", ["ext_id": .string(ext), "phone_numbers": changes["phone_numbers"] ?? .null,
                                             "emails": changes["emails"] ?? .null])
        return ([:], 0)
    }

    /// A contact's optional fields: its creation time, E.164 phones, e-mails unique in the list.
    private static func checkContactFields(_ c: UISParams) throws(RPCError) {
        _ = try c.dateTime("created_date_time", mnemonic: "invalid_date_time")
        for ph in try c.strings("phone_numbers") ?? [] where Phone.digits(ph) != ph || ph.count < 10 || ph.count > 15 {
            throw RPCError.invalid(c.name("phone_numbers"), .string(ph))
        }
        let emails = try c.strings("emails") ?? []
        if Set(emails).count != emails.count { throw RPCError.invalid(c.name("emails"), .array(emails.map { .string($0) })) }
    }

    static func dealsHistory(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(["access_token", "user_id", "deals"])
        let list = try p.array("deals", required: true)!
        guard list.count <= 1000 else { throw RPCError.create("data_limit_exceeded", "deals", nil) }
        let allowed: Set<String> = ["ext_id", "name", "created_date_time", "modified_stage_date_time", "modified_date_time",
            "closed_date_time", "sales_funnel_ext_id", "stage_ext_id", "revenue", "contact_ext_ids", "main_contact_ext_id",
            "communication_id", "communication_type", "employee_ext_id", "lead_ext_id", "company_ext_id", "source", "comments",
            "user_fields", "tags", "child_customer_id"]
        let now = Date()
        try call.stateThrowing { s throws(RPCError) in
            var lastStage: [String: Date] = [:]
            for (i, raw) in list.enumerated() {
                guard let o = raw.objectValue else { throw RPCError.wrongType("deals[\(i)]", raw) }
                let d = UISParams(o, prefix: "deals[\(i)]")
                try d.allowOnly(allowed)
                let ext = try d.string("ext_id", required: true)!
                if s.refusedDeals.contains(ext) {
                    throw RPCError(-32602, "invalid_parameter_value", message: "The deal is refused (sandbox: refused_deals)",
                                   field: d.name("ext_id"), value: .string(ext))
                }
                _ = try d.string("name", required: true)
                let created = try d.dateTime("created_date_time", required: true, mnemonic: "invalid_date_time")!
                let stageTime = try d.dateTime("modified_stage_date_time", required: true, mnemonic: "invalid_date_time")!
                _ = try d.dateTime("modified_date_time", mnemonic: "invalid_date_time")
                if created > now.addingTimeInterval(60) { throw RPCError.create("invalid_date_time", d.name("created_date_time"), o["created_date_time"]) }
                if stageTime < created { throw RPCError.create("invalid_date_time", d.name("modified_stage_date_time"), o["modified_stage_date_time"]) }
                if let closed = try d.dateTime("closed_date_time", mnemonic: "invalid_date_time"), closed < created {
                    throw RPCError.create("invalid_date_time", d.name("closed_date_time"), o["closed_date_time"])
                }
                let previous = lastStage[ext] ?? s.deals[ext]?.last?["modified_stage_date_time"]?.stringValue.flatMap(UISDates.parse)
                if let previous, stageTime < previous {
                    throw RPCError.create("invalid_date_time", d.name("modified_stage_date_time"), o["modified_stage_date_time"])
                }
                lastStage[ext] = stageTime
                let funnelId = try d.string("sales_funnel_ext_id", required: true)!
                let stageId = try d.string("stage_ext_id", required: true)!
                guard let funnel = s.funnels[funnelId] else { throw RPCError.create("entity_not_found", d.name("sales_funnel_ext_id"), .string(funnelId)) }
                guard (funnel["stages"]?.arrayValue ?? []).contains(where: { $0["ext_id"]?.stringValue == stageId }) else {
                    throw RPCError.create("entity_not_found", d.name("stage_ext_id"), .string(stageId))
                }
                _ = try d.number("revenue")
                let contacts = try d.strings("contact_ext_ids"), main = try d.string("main_contact_ext_id")
                if (contacts == nil) != (main == nil) { throw RPCError(-32602, "invalid_parameters_combination", field: d.name("contact_ext_ids")) }
                for c in (contacts ?? []) + (main.map { [$0] } ?? []) where s.dealContacts[c] == nil {
                    throw RPCError.create("entity_not_found", d.name("contact_ext_ids"), .string(c))
                }
                let commId = try d.int("communication_id"), commType = try d.string("communication_type")
                if (commId == nil) != (commType == nil) { throw RPCError(-32602, "invalid_parameters_combination", field: d.name("communication_id")) }
                if let commType, !["chat", "offline_message", "call", "goal", "email"].contains(commType) {
                    throw RPCError.invalid(d.name("communication_type"), .string(commType))
                }
                if let emp = try d.string("employee_ext_id"), s.dealEmployees[emp] == nil {
                    throw RPCError.create("entity_not_found", d.name("employee_ext_id"), .string(emp))
                }
            }
            for raw in list { s.deals[raw["ext_id"]!.stringValue!, default: []].append(raw) }
        }
        call.effect("deals_history.uploaded", ["records": JSONValue(list.count), "ext_ids": .array(list.map { $0["ext_id"] ?? .null })])
        for raw in list {
            call.effect("deal.uploaded", ["ext_id": raw["ext_id"] ?? .null, "stage_ext_id": raw["stage_ext_id"] ?? .null,
                                          "revenue": raw["revenue"] ?? .null])
        }
        return ([:], 0)
    }
}
