/// `get.visitors` (UCLD §2.6): the visitors with the given `ids` (unknown ids are absent), fields `id`, `name`,
/// `phones`, `emails`, `usernames`. Rows come from the tenant file's `uis.visitors` and
/// `POST /_admin/uis/visitors`. The `ids` parameter follows the reference's summary (unverified on a live
/// account, like the fleet's `ChatsAssumptions.visitorsByIdsParameter`).
enum UISVisitorHandlers {
    static let defaults = ["id", "name", "phones", "emails", "usernames"]

    static func visitors(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(UISReportHandlers.common.union(["ids"]))
        let ids = try p.array("ids", required: true) ?? []
        if ids.isEmpty || ids.contains(where: { $0.intValue == nil }) { throw RPCError.invalid("ids", .array(ids)) }
        let wanted = Set(ids.compactMap(\.intValue))
        let all = call.state { $0.uisVisitors }
        let rows = all.filter { $0["id"]?.intValue.map(wanted.contains) ?? false }
        return try UISReportHandlers.query(defaults, [], all).run(rows, p)
    }
}
