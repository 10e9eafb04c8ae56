import Shared

/// The one request handler of the sandbox: routes `/planfix/<account>/rest/...`, `/planfix/<account>/tel/api`,
/// `/uis/dataapi/v2.0`, `/uis/callapi/v4.0`, `/_admin/...` and `/healthz`; applies the tenant's injected
/// faults (latency, error, 429, hang, drop) before the API handler; records every API request in the
/// ledger. Unknown tenants/paths get the API's own error shape. Never throws and never crashes on input.
public final class SandboxApp: Sendable {
    public let store: StateStore
    public let ledger: Ledger
    public let faults: FaultInjector
    let planfixLimiter = PlanfixRateLimiter()
    let rest: PlanfixRESTService
    let telephony: PlanfixTelephonyService
    let uis: UISService
    let logger: Logger?

    public init(tenants: [TenantConfig], spec: OpenAPISpec?, options: SandboxOptions = SandboxOptions(), logger: Logger? = nil) {
        store = StateStore(configs: tenants)
        ledger = Ledger()
        faults = FaultInjector()
        rest = PlanfixRESTService(store: store, limiter: planfixLimiter, ledger: ledger, spec: spec, options: options)
        telephony = PlanfixTelephonyService(store: store, ledger: ledger)
        uis = UISService(store: store, ledger: ledger, limiter: UISPointLimiter())
        self.logger = logger
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if request.path == "/healthz" { return .text("ok") }
        if parts.first == "_admin" { return AdminHandlers(app: self).handle(request, parts: Array(parts.dropFirst())) }
        if parts.count >= 3, parts[0] == "planfix" {
            guard let tenant = store.tenant(planfixAccount: parts[1]) else {
                return PlanfixReply.fail(404, code: 0, SandboxAssumptions.unknownAccountText).http
            }
            if parts[2] == "rest" {
                let segments = Array(parts.dropFirst(3))
                let op = "\(request.method) /\(segments.joined(separator: "/"))"
                return await withFaults(tenant: tenant.id, api: .planfixRest, op: op, arrived: request.receivedAtMillis) {
                    let r = self.rest.handle(request, tenant: tenant, segments: segments)
                    return (r.http, op, r.ledgerCode)
                }
            }
            if parts.count == 4, parts[2] == "tel", parts[3] == "api" {
                let cmd = FormDecoding.decode(request.body)?["cmd"] ?? "?"
                return await withFaults(tenant: tenant.id, api: .planfixTel, op: "cmd=\(cmd)", arrived: request.receivedAtMillis) {
                    let (r, op) = self.telephony.handle(request, tenant: tenant)
                    return (r.http, op, r.code)
                }
            }
            return PlanfixReply.fail(404, code: 0, SandboxAssumptions.planfixUnknownMethodText).http
        }
        if parts.count == 3, parts[0] == "uis", ["dataapi", "callapi"].contains(parts[1]) {
            let api: SandboxAPI = parts[1] == "dataapi" ? .uisData : .uisCall
            guard parts[2] == (api == .uisData ? "v2.0" : "v4.0") else {
                return .json(JSONRPC.error(id: .null, RPCError(-32601, "method_not_found", message: "Unknown API version")).encodedBytes, status: 404)
            }
            let tenant = uis.tenant(of: request.body)
            let run: @Sendable () -> (HTTPResponse, String, String) = {
                let o = self.uis.handle(request, api: api)
                if tenant == nil { self.record(tenant: o.tenant ?? "-", api: api, op: o.method, status: o.response.status, code: o.code, start: Ledger.nowMs()) }
                return (o.response, o.method, o.code)
            }
            guard let tenant else { return run().0 }
            let method = (try? JSONParser.parse(request.body))?["method"]?.stringValue ?? "-"
            return await withFaults(tenant: tenant.id, api: api, op: method, arrived: request.receivedAtMillis, run)
        }
        return HTTPResponse.json(JSONValue.object(["error": "not found", "path": .string(request.path)]).encodedBytes, status: 404)
    }

    func record(tenant: String, api: SandboxAPI, op: String, status: Int, code: String, start: Int64) {
        ledger.append(LedgerEntry(timeMs: start, tenant: tenant, api: api.rawValue, kind: "request", operation: op, status: status,
                                  code: code, latencyMs: Ledger.nowMs() - start))
    }

    /// Runs `body` under the tenant's fault plan for `api`, and records the request in the ledger at the time it
    /// `arrived` (when the server had read it; now when unknown), not when a busy machine got round to handling it.
    func withFaults(tenant: String, api: SandboxAPI, op: String, arrived: Int64 = 0,
                    _ body: @Sendable () -> (HTTPResponse, String, String)) async -> HTTPResponse {
        let start = arrived > 0 ? arrived : Ledger.nowMs()
        let (latency, outcome) = faults.plan(tenant: tenant, api: api)
        // Injected latency is a slow server: a request is handled (and rate-limited) when it arrives, and the answer
        // is late. Sleeping first would let the limiter see arrival + latency, and a 0-50 ms jitter would then refuse
        // requests that arrived a full second apart.
        let answer: (response: HTTPResponse, op: String, code: String)
        switch outcome {
        case .none:
            answer = body()
        case .error(let status):
            answer = (.text("Сервис временно недоступен (sandbox fault)", status: status), op, "fault:error")
        case .rateLimited(let seconds):
            var r = HTTPResponse.text("Too Many Requests (sandbox fault)", status: 429)
            r.headers.append(("Retry-After", String(seconds)))
            answer = (r, op, "fault:rate_limit")
        case .drop:
            answer = (HTTPResponse(status: SandboxAssumptions.dropStatus, headers: [("Connection", "close")], body: []), op, "fault:drop")
        case .hang:
            if latency > 0 { try? await Task.sleep(for: .milliseconds(latency)) }
            record(tenant: tenant, api: api, op: op, status: 0, code: "fault:hang", start: start)
            try? await Task.sleep(for: .seconds(SandboxAssumptions.hangMaxSeconds))
            return .text("Gateway Timeout (sandbox hang)", status: 504)
        }
        if latency > 0 { try? await Task.sleep(for: .milliseconds(latency)) }
        record(tenant: tenant, api: api, op: answer.op, status: answer.response.status, code: answer.code, start: start)
        return answer.response
    }

    /// Back to the tenant file: state, limiter windows, faults and ledger of the tenant (or of all).
    public func reset(tenant: String?) {
        store.reset(tenant: tenant)
        planfixLimiter.reset(account: tenant.flatMap { store.config(tenant: $0)?.planfix.account })
        uis.reset(tenant: tenant)
        faults.clear(tenant: tenant, api: nil)
        ledger.clear(tenant: tenant)
    }
}
