/// The Data API methods that keep a sales funnel in step after `create.sales_funnel` (UCLD §3.2):
/// `update.sales_funnel {ext_id, name}`, `create.sales_funnel_stages {sales_funnel_ext_id, ext_id, name, order}`,
/// `update.sales_funnel_stages {sales_funnel_ext_id, ext_id, name?, order?}` and `delete.sales_funnel_stages
/// {sales_funnel_ext_id, ext_id}`. Errors: `entity_not_found` (funnel or stage), `duplicate_entity` (stage exists),
/// `data_limit_exceeded` (more than 100 in-process stages), `invalid_parameters_combination` (deleting a stage
/// that holds deals, a success/failed stage, or the last in-process stage).
enum UISFunnelStageHandlers {
    static func updateFunnel(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(["access_token", "user_id", "ext_id", "name"])
        let ext = try p.string("ext_id", required: true)!, name = try p.string("name", required: true)!
        try call.stateThrowing { s throws(RPCError) in
            guard case .object(var funnel)? = s.funnels[ext] else { throw RPCError.create("entity_not_found", "ext_id", .string(ext)) }
            funnel["name"] = .string(name)
            s.funnels[ext] = .object(funnel)
        }
        call.effect("sales_funnel.updated", ["ext_id": .string(ext), "name": .string(name)])
        return ([:], 0)
    }

    static func createStage(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(["access_token", "user_id", "sales_funnel_ext_id", "ext_id", "name", "order"])
        let funnelId = try p.string("sales_funnel_ext_id", required: true)!, ext = try p.string("ext_id", required: true)!
        let name = try p.string("name", required: true)!, order = try p.int("order", required: true, range: 0...10_000)!
        try call.stateThrowing { s throws(RPCError) in
            var (funnel, stages) = try funnelAndStages(s, funnelId)
            if stages.contains(where: { $0["ext_id"]?.stringValue == ext }) { throw RPCError.create("duplicate_entity", "ext_id", .string(ext)) }
            if stages.filter({ $0["status"]?.stringValue == "in_process" }).count >= 100 { throw RPCError.create("data_limit_exceeded", "ext_id", .string(ext)) }
            stages.append(["ext_id": .string(ext), "name": .string(name), "status": "in_process", "order": .int(order)])
            funnel["stages"] = .array(stages)
            s.funnels[funnelId] = .object(funnel)
        }
        call.effect("sales_funnel_stage.created", ["sales_funnel_ext_id": .string(funnelId), "ext_id": .string(ext), "name": .string(name)])
        return (["ext_id": .string(ext)], 0)
    }

    static func updateStage(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(["access_token", "user_id", "sales_funnel_ext_id", "ext_id", "name", "order"])
        let funnelId = try p.string("sales_funnel_ext_id", required: true)!, ext = try p.string("ext_id", required: true)!
        let name = try p.string("name"), order = try p.int("order", range: 0...10_000)
        try call.stateThrowing { s throws(RPCError) in
            var (funnel, stages) = try funnelAndStages(s, funnelId)
            guard let i = stages.firstIndex(where: { $0["ext_id"]?.stringValue == ext }), case .object(var stage) = stages[i] else {
                throw RPCError.create("entity_not_found", "ext_id", .string(ext))
            }
            if let name { stage["name"] = .string(name) }
            if let order, stage["status"]?.stringValue == "in_process" { stage["order"] = .int(order) }
            stages[i] = .object(stage)
            funnel["stages"] = .array(stages)
            s.funnels[funnelId] = .object(funnel)
        }
        call.effect("sales_funnel_stage.updated", ["sales_funnel_ext_id": .string(funnelId), "ext_id": .string(ext), "name": .optional(name)])
        return ([:], 0)
    }

    static func deleteStage(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(["access_token", "user_id", "sales_funnel_ext_id", "ext_id"])
        let funnelId = try p.string("sales_funnel_ext_id", required: true)!, ext = try p.string("ext_id", required: true)!
        try call.stateThrowing { s throws(RPCError) in
            var (funnel, stages) = try funnelAndStages(s, funnelId)
            guard let stage = stages.first(where: { $0["ext_id"]?.stringValue == ext }) else { throw RPCError.create("entity_not_found", "ext_id", .string(ext)) }
            let inProcess = stages.filter { $0["status"]?.stringValue == "in_process" }
            let holdsDeals = s.deals.values.contains { history in
                history.last?["sales_funnel_ext_id"]?.stringValue == funnelId && history.last?["stage_ext_id"]?.stringValue == ext
            }
            if stage["status"]?.stringValue != "in_process" || inProcess.count <= 1 || holdsDeals {
                throw RPCError(-32602, "invalid_parameters_combination", field: "ext_id")
            }
            funnel["stages"] = .array(stages.filter { $0["ext_id"]?.stringValue != ext })
            s.funnels[funnelId] = .object(funnel)
        }
        call.effect("sales_funnel_stage.deleted", ["sales_funnel_ext_id": .string(funnelId), "ext_id": .string(ext)])
        return ([:], 0)
    }

    private static func funnelAndStages(_ s: TenantState, _ id: String) throws(RPCError) -> ([String: JSONValue], [JSONValue]) {
        guard case .object(let funnel)? = s.funnels[id] else { throw RPCError.create("entity_not_found", "sales_funnel_ext_id", .string(id)) }
        return (funnel, funnel["stages"]?.arrayValue ?? [])
    }
}
