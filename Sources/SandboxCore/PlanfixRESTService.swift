import Shared

/// The Planfix REST API of one account (`/planfix/<account>/rest/...`): token check (401 code 1), the
/// per-account limits (PF §1.4; statuses in SandboxAssumptions), JSON parsing (400 code 30), OpenAPI
/// validation of the body (400 code 40/41), then the route table. Adds `X-RateLimit-Remaining` once the
/// limiter has counted the request. Never throws; every failure is a Planfix-shaped error.
struct PlanfixRESTService: Sendable {
    let store: StateStore
    let limiter: PlanfixRateLimiter
    let ledger: Ledger
    let spec: OpenAPISpec?
    let options: SandboxOptions

    typealias Handler = @Sendable (PlanfixCall) -> PlanfixReply

    struct Route: Sendable {
        let method: String
        let pattern: [String]      // "*" matches one id segment
        let template: String?      // OpenAPI path for body validation
        let handler: Handler
    }

    static let routes: [Route] = [
        Route(method: "GET", pattern: ["ping"], template: nil, handler: PlanfixDirectoryHandlers.ping),
        Route(method: "POST", pattern: ["contact", "list"], template: "/contact/list", handler: PlanfixContactHandlers.list),
        Route(method: "GET", pattern: ["contact", "templates"], template: nil, handler: PlanfixDirectoryHandlers.contactTemplates),
        Route(method: "POST", pattern: ["contact"], template: "/contact/", handler: PlanfixContactHandlers.create),
        Route(method: "GET", pattern: ["contact", "*"], template: nil, handler: PlanfixContactHandlers.get),
        Route(method: "POST", pattern: ["contact", "*"], template: "/contact/{id}", handler: PlanfixContactHandlers.update),
        Route(method: "POST", pattern: ["task", "list"], template: "/task/list", handler: PlanfixTaskHandlers.list),
        Route(method: "GET", pattern: ["task", "templates"], template: nil, handler: PlanfixDirectoryHandlers.taskTemplates),
        Route(method: "POST", pattern: ["task"], template: "/task/", handler: PlanfixTaskHandlers.create),
        Route(method: "GET", pattern: ["task", "*"], template: nil, handler: PlanfixTaskHandlers.get),
        Route(method: "POST", pattern: ["task", "*"], template: "/task/{id}", handler: PlanfixTaskHandlers.update),
        Route(method: "POST", pattern: ["task", "*", "comments", "list"], template: "/task/{id}/comments/list",
              handler: PlanfixTaskHandlers.listComments),
        Route(method: "POST", pattern: ["task", "*", "comments"], template: "/task/{id}/comments/", handler: PlanfixTaskHandlers.addComment),
        Route(method: "POST", pattern: ["user", "list"], template: "/user/list", handler: PlanfixDirectoryHandlers.userList),
        Route(method: "GET", pattern: ["user", "*"], template: nil, handler: PlanfixDirectoryHandlers.user),
        Route(method: "GET", pattern: ["customfield", "task"], template: nil, handler: PlanfixDirectoryHandlers.taskCustomFields),
        Route(method: "GET", pattern: ["customfield", "contact"], template: nil, handler: PlanfixDirectoryHandlers.contactCustomFields),
        Route(method: "POST", pattern: ["object", "list"], template: "/object/list", handler: PlanfixDirectoryHandlers.objectList),
        Route(method: "GET", pattern: ["object", "*"], template: nil, handler: PlanfixDirectoryHandlers.object),
        Route(method: "GET", pattern: ["object", "*", "statuses"], template: nil, handler: PlanfixDirectoryHandlers.objectStatuses),
        Route(method: "GET", pattern: ["process", "task"], template: nil, handler: PlanfixDirectoryHandlers.processes),
        Route(method: "GET", pattern: ["process", "task", "*", "statuses"], template: nil, handler: PlanfixDirectoryHandlers.processStatuses),
    ]

    static func match(method: String, segments: [String]) -> (Route, String?)? {
        for r in routes where r.method == method && r.pattern.count == segments.count {
            var id: String?
            var ok = true
            for (p, s) in zip(r.pattern, segments) {
                if p == "*" { id = s } else if p != s { ok = false; break }
            }
            if ok { return (r, id) }
        }
        return nil
    }

    /// Handles one request whose path was `/planfix/<account>/rest/<segments...>`.
    func handle(_ request: HTTPRequest, tenant: TenantConfig, segments: [String]) -> PlanfixReply {
        let pf = tenant.planfix
        var token: String?
        if let auth = request.headers["Authorization"], auth.hasPrefix("Bearer ") { token = String(auth.dropFirst(7)) }
        if token == nil, request.method == "GET" { token = request.queryValue("access_token") }
        guard token == pf.token else { return .fail(401, code: 1, "Access denied, unknown token") }

        var remaining = 0
        switch limiter.admit(account: pf.account, requestsPerSecond: pf.requestsPerSecond, dailyLimit: pf.dailyLimit,
                             nowMs: request.receivedAtMillis > 0 ? request.receivedAtMillis : Ledger.nowMs()) {
        case .accepted(let r): remaining = r
        case .perSecondExceeded(let r):
            var reply = PlanfixReply.fail(SandboxAssumptions.planfixPerSecondStatus, code: SandboxAssumptions.planfixPerSecondCode,
                                          SandboxAssumptions.planfixPerSecondText)
            reply.headers.append(("X-RateLimit-Remaining", String(r)))
            if SandboxAssumptions.planfixSendsRetryAfter { reply.headers.append(("Retry-After", "1")) }
            return reply
        case .dailyExhausted:
            var reply = PlanfixReply.fail(SandboxAssumptions.planfixDailyLimitStatus, code: 22, SandboxAssumptions.planfixDailyLimitText)
            reply.headers.append(("X-RateLimit-Remaining", "0"))
            return reply
        }
        var reply = route(request, tenant: tenant, segments: segments)
        reply.headers.append(("X-RateLimit-Remaining", String(remaining)))
        return reply
    }

    private func route(_ request: HTTPRequest, tenant: TenantConfig, segments: [String]) -> PlanfixReply {
        guard let (route, id) = Self.match(method: request.method, segments: segments) else {
            return .fail(SandboxAssumptions.planfixUnknownMethodStatus, code: 0, SandboxAssumptions.planfixUnknownMethodText)
        }
        var body: JSONValue = [:]
        if request.method == "POST" {
            if request.body.count > SandboxAssumptions.maxBodyBytes { return .fail(400, code: 41, "Request body is too large") }
            if !request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                do { body = try JSONParser.parse(request.body) } catch { return .fail(400, code: 30, SandboxAssumptions.invalidJSONText) }
            }
            if let template = route.template, let spec {
                let problems = spec.validate(body, method: "POST", template: template)
                if let first = problems.first {
                    let code = problems.contains(where: \.isMissingRequired) ? 40 : 41
                    return .fail(SandboxAssumptions.validationStatus, code: code, "Invalid parameter value: \(first)")
                }
            }
            guard body.objectValue != nil else { return .fail(400, code: 41, "Invalid parameter value: body must be an object") }
        }
        var query: [String: String] = [:]
        for (k, v) in request.query where query[k] == nil { query[k] = v }
        let call = PlanfixCall(tenant: tenant, store: store, ledger: ledger, options: options, body: body, pathId: id, query: query)
        return route.handler(call)
    }
}
