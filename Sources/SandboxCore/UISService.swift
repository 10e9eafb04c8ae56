import Shared

/// The UIS JSON-RPC endpoints (`/uis/dataapi/v2.0`, `/uis/callapi/v4.0`): envelope, `access_token` →
/// tenant, method table, point limits (UIS §1.5: checked before, charged only on success) and
/// `metadata.limits` in every successful answer. Errors are JSON-RPC error objects with HTTP 200
/// (SandboxAssumptions.uisErrorHTTPStatus). Never throws.
struct UISService: Sendable {
    let store: StateStore
    let ledger: Ledger
    let limiter: UISPointLimiter

    typealias Method = @Sendable (UISCall) throws(RPCError) -> (JSONValue, Int)

    static let dataMethods: [String: Method] = [
        "get.employees": UISReportHandlers.employees,
        "get.calls_report": UISReportHandlers.calls,
        "get.chats_report": UISReportHandlers.chats,
        "get.chat_messages_report": UISReportHandlers.chatMessages,
        "get.offline_messages_report": UISReportHandlers.offlineMessages,
        "get.visitors": UISVisitorHandlers.visitors,
        "create.sales_funnel": UISDealHandlers.salesFunnel,
        "create.deal_contacts": UISDealHandlers.dealContacts,
        "update.deal_contacts": UISDealHandlers.updateDealContact,
        "create.deal_employees": UISDealHandlers.dealEmployees,
        "upload.deals_history": UISDealHandlers.dealsHistory,
        "update.sales_funnel": UISFunnelStageHandlers.updateFunnel,
        "create.sales_funnel_stages": UISFunnelStageHandlers.createStage,
        "update.sales_funnel_stages": UISFunnelStageHandlers.updateStage,
        "delete.sales_funnel_stages": UISFunnelStageHandlers.deleteStage,
    ]
    static let callMethods: [String: Method] = ["start.employee_call": UISCallHandlers.startEmployeeCall]

    /// The tenant named by `params.access_token`, for fault injection before the real handling.
    func tenant(of body: [UInt8]) -> TenantConfig? {
        guard case .success(let r) = JSONRPC.parse(body), let token = r.params["access_token"]?.stringValue else { return nil }
        return store.tenant(uisToken: token)
    }

    struct Outcome: Sendable {
        var response: HTTPResponse
        var tenant: String?
        var method: String
        var code: String
    }

    func handle(_ request: HTTPRequest, api: SandboxAPI) -> Outcome {
        func answer(_ body: JSONValue, _ tenant: String?, _ method: String, _ code: String, status: Int = 200) -> Outcome {
            Outcome(response: .json(body.encodedBytes, status: status), tenant: tenant, method: method, code: code)
        }
        guard request.method == "POST" else {
            let e = RPCError(-32600, "invalid_request", message: "Only POST is supported")
            return answer(JSONRPC.error(id: .null, e), nil, request.method, e.mnemonic, status: 405)
        }
        let rpc: RPCRequest
        switch JSONRPC.parse(request.body) {
        case .success(let r): rpc = r
        case .failure(let f):
            return answer(JSONRPC.error(id: f.id, f.error), nil, "-", f.error.mnemonic, status: SandboxAssumptions.uisErrorHTTPStatus)
        }
        func fail(_ e: RPCError, _ tenant: String?) -> Outcome {
            answer(JSONRPC.error(id: rpc.id, e), tenant, rpc.method, e.mnemonic, status: SandboxAssumptions.uisErrorHTTPStatus)
        }
        guard let tokenValue = rpc.params["access_token"], !tokenValue.isNull else { return fail(.missing("access_token"), nil) }
        guard let token = tokenValue.stringValue else { return fail(.wrongType("access_token", tokenValue), nil) }
        guard let tenant = store.tenant(uisToken: token) else {
            return fail(RPCError(-32001, "access_token_invalid", field: "access_token"), nil)
        }
        guard let method = (api == .uisData ? Self.dataMethods : Self.callMethods)[rpc.method] else {
            return fail(RPCError(-32601, "method_not_found", field: "method", value: .string(rpc.method)), tenant.id)
        }
        let key = "\(tenant.id)|\(api.rawValue)"
        let perMinute = api == .uisData ? tenant.uis.pointsPerMinute : tenant.uis.callApiPointsPerMinute
        let perDay = api == .uisData ? tenant.uis.pointsPerDay : tenant.uis.callApiPointsPerDay
        let now = Ledger.nowMs()
        if let exceeded = limiter.check(key: key, perMinute: perMinute, perDay: perDay, nowMs: now) {
            let (kind, value): (String, Int) = switch exceeded { case .minute(let v): ("minute", v); case .day(let v): ("day", v) }
            return fail(RPCError(-32029, "limit_exceeded",
                                 message: "Limit per \(kind) has been exceeded. Value of current limit per \(kind) is \(value)",
                                 params: ["limit_type": .string(kind), "limit_max_value": JSONValue(value)]), tenant.id)
        }
        let call = UISCall(tenant: tenant, api: api, params: UISParams(rpc.params), store: store, ledger: ledger)
        do {
            let (data, total) = try method(call)
            let limits = limiter.charge(key: key, points: 1, perMinute: perMinute, perDay: perDay, nowMs: now)
            var metadata: [String: JSONValue] = ["limits": limits.json]
            if rpc.method.hasPrefix("get.") { metadata["total_items"] = JSONValue(total) }
            return answer(JSONRPC.result(id: rpc.id, data: data, metadata: .object(metadata)), tenant.id, rpc.method, "ok")
        } catch {
            return fail(error, tenant.id)
        }
    }

    func reset(tenant: String?) { limiter.reset(prefix: tenant.map { "\($0)|" }) }
}
