import Shared

/// The `/_admin/...` endpoints for tests and benchmarks: faults (POST/GET/DELETE), ledger (JSON lines),
/// state, stats, reset, seeding UIS report rows (`POST /_admin/uis/{calls|chats|chat_messages|offline_messages|visitors}`;
/// a row whose `id` is already there replaces it, so a test can close a chat or set a tag on it), and the deals
/// UIS refuses (`POST /_admin/uis/refused_deals {"tenant":…,"ext_ids":[…]}`, replacing the list; `[]` clears it).
/// Bad input answers 400 `{"error":"..."}`; an unknown tenant 404. Never throws.
struct AdminHandlers {
    let app: SandboxApp

    static func ok(_ v: JSONValue, status: Int = 200) -> HTTPResponse { .json(v.encodedBytes, status: status) }

    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        Self.ok(["error": .string(message)], status: status)
    }

    func handle(_ request: HTTPRequest, parts: [String]) -> HTTPResponse {
        let tenant = request.queryValue("tenant").flatMap { $0.isEmpty ? nil : $0 }
        if let tenant, app.store.config(tenant: tenant) == nil { return Self.error(404, "unknown tenant \(tenant)") }
        switch (request.method, parts) {
        case ("POST", ["faults"]): return setFaults(request)
        case ("GET", ["faults"]): return Self.ok(app.faults.all)
        case ("DELETE", ["faults"]):
            let api = request.queryValue("api")
            if let api, SandboxAPI(rawValue: api) == nil { return Self.error(400, "unknown api \(api)") }
            app.faults.clear(tenant: tenant, api: api.flatMap(SandboxAPI.init(rawValue:)))
            return Self.ok(["result": "success"])
        case ("GET", ["ledger"]):
            let since = request.queryValue("since").flatMap { Int64($0) }
            let lines = app.ledger.entries(tenant: tenant, api: request.queryValue("api"), sinceMs: since).map { $0.json.encodedString }
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/x-ndjson")],
                                body: Array(lines.map { $0 + "\n" }.joined().utf8))
        case ("GET", ["state"]):
            guard let tenant else { return Self.error(400, "tenant is required") }
            return Self.ok((app.store.withTenant(tenant) { $0.snapshot } ?? .null))
        case ("GET", ["stats"]): return Self.ok(app.ledger.stats(tenant: tenant))
        case ("POST", ["reset"]):
            app.reset(tenant: tenant)
            return Self.ok(["result": "success"])
        case ("POST", ["uis", "refused_deals"]): return refuseDeals(request)
        case ("POST", _) where parts.count == 2 && parts[0] == "uis": return seed(request, kind: parts[1])
        default: return Self.error(404, "unknown admin endpoint")
        }
    }

    private func body(_ request: HTTPRequest) -> JSONValue? {
        guard let v = try? JSONParser.parse(request.body), v.objectValue != nil else { return nil }
        return v
    }

    private func setFaults(_ request: HTTPRequest) -> HTTPResponse {
        guard let b = body(request) else { return Self.error(400, "body must be a JSON object") }
        guard let tenant = b["tenant"]?.stringValue, app.store.config(tenant: tenant) != nil else { return Self.error(404, "unknown tenant") }
        let apis: [SandboxAPI]
        if let name = b["api"]?.stringValue {
            guard let api = SandboxAPI(rawValue: name) else { return Self.error(400, "unknown api \(name)") }
            apis = [api]
        } else { apis = SandboxAPI.allCases }
        switch FaultSpec.parse(b) {
        case .failure(let e): return Self.error(400, e.message)
        case .success(let spec):
            for api in apis { app.faults.set(tenant: tenant, api: api, spec: spec) }
            return Self.ok(["result": "success", "faults": app.faults.all])
        }
    }

    /// Sets the deal ext ids `upload.deals_history` refuses: a call holding one fails whole, naming that record.
    private func refuseDeals(_ request: HTTPRequest) -> HTTPResponse {
        guard let b = body(request) else { return Self.error(400, "body must be a JSON object") }
        guard let tenant = b["tenant"]?.stringValue, app.store.config(tenant: tenant) != nil else { return Self.error(404, "unknown tenant") }
        guard let ids = b["ext_ids"]?.arrayValue?.compactMap({ $0.stringValue }), ids.count == b["ext_ids"]?.arrayValue?.count else {
            return Self.error(400, "ext_ids must be an array of strings")
        }
        app.store.withTenant(tenant) { $0.refusedDeals = Set(ids) }
        return Self.ok(["result": "success", "refused": .array(ids.map { .string($0) })])
    }

    /// Adds report rows: `{"tenant":"acme","rows":[{...}]}` or `{"tenant":"acme","row":{...}}`.
    /// Missing `id` / `communication_id` are assigned; calls without `start_time` get "now".
    private func seed(_ request: HTTPRequest, kind: String) -> HTTPResponse {
        guard ["calls", "chats", "chat_messages", "offline_messages", "visitors"].contains(kind) else { return Self.error(404, "unknown kind \(kind)") }
        guard let b = body(request) else { return Self.error(400, "body must be a JSON object") }
        guard let tenant = b["tenant"]?.stringValue, app.store.config(tenant: tenant) != nil else { return Self.error(404, "unknown tenant") }
        let rows = b["rows"]?.arrayValue ?? (b["row"].map { [$0] } ?? [])
        guard !rows.isEmpty, rows.allSatisfy({ $0.objectValue != nil }) else { return Self.error(400, "rows must be a non-empty array of objects") }
        let ids: [JSONValue] = app.store.withTenant(tenant) { s in
            rows.map { raw -> JSONValue in
                var o = raw.objectValue!
                let id = o["id"]?.intValue ?? s.allocateUISId()
                o["id"] = .int(id)
                let dateKey = kind == "calls" ? "start_time" : "date_time"
                if kind != "visitors", o[dateKey] == nil { o[dateKey] = .string(UISDates.format(.now)) }
                if kind != "chat_messages", kind != "visitors", o["communication_id"] == nil { o["communication_id"] = .int(id) }
                func upsert(_ rows: inout [JSONValue]) {
                    if let i = rows.firstIndex(where: { $0["id"]?.intValue == id }) { rows[i] = .object(o) } else { rows.append(.object(o)) }
                }
                switch kind {
                case "calls": upsert(&s.uisCalls)
                case "chats": upsert(&s.uisChats)
                case "chat_messages": upsert(&s.uisChatMessages)
                case "visitors": upsert(&s.uisVisitors)
                default: upsert(&s.uisOfflineMessages)
                }
                return .int(id)
            }
        } ?? []
        app.ledger.effect(tenant: tenant, api: .uisData, "admin.seeded_\(kind)", ["ids": .array(ids)])
        return Self.ok(["result": "success", "ids": .array(ids)])
    }
}
