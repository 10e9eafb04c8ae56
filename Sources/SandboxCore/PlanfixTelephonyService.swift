import Shared

/// The Planfix telephony API of one account (`POST /planfix/<account>/tel/api`, PF §2.3): form-encoded
/// `cmd=event|record|contact|ping` with `planfix_token`. Answers: 200 (empty body for event/record, JSON
/// for contact/ping), 400 `{"error":"Invalid parameters"}`, 401 `{"error":"Invalid token"}`. Events keep one
/// call-log entry per `callid`; the first event with an unknown phone creates a contact, like Planfix does.
struct PlanfixTelephonyService: Sendable {
    let store: StateStore
    let ledger: Ledger

    static let events: Set<String> = ["INCOMING", "OUTGOING", "ACCEPTED", "COMPLETED"]
    static let inStatuses: Set<String> = ["Success", "Missed", "Cancelled"]
    static let outStatuses: Set<String> = ["Success", "Busy", "NoAnswer", "NotAvailable", "NotAllowed"]

    struct Reply: Sendable {
        var status: Int
        var body: JSONValue?
        var code: String

        var http: HTTPResponse {
            guard let body else { return HTTPResponse(status: status) }
            return .json(body.encodedBytes, status: status)
        }

        static let ok = Reply(status: 200, body: nil, code: "ok")
        static let invalid = Reply(status: 400, body: ["error": "Invalid parameters"], code: "invalid_parameters")
        static let badToken = Reply(status: 401, body: ["error": "Invalid token"], code: "invalid_token")
    }

    func handle(_ request: HTTPRequest, tenant: TenantConfig) -> (Reply, String) {
        guard request.method == "POST" else { return (.invalid, request.method) }
        guard request.body.count <= SandboxAssumptions.maxBodyBytes, let form = FormDecoding.decode(request.body) else {
            return (.invalid, "cmd=?")
        }
        let cmd = form["cmd"] ?? ""
        let op = "cmd=\(cmd)"
        var token = form["planfix_token"]
        if token == nil, SandboxAssumptions.telephonyAcceptsTokenField { token = form["token"] }
        guard token == tenant.planfix.telephonyToken else { return (.badToken, op) }
        switch cmd {
        case "ping":
            return (Reply(status: 200, body: ["pbxToken": .string(tenant.planfix.pbxToken), "pbxUrl": .string(tenant.planfix.pbxUrl)],
                          code: "ok"), op)
        case "event": return (event(form, tenant: tenant), op)
        case "record": return (record(form, tenant: tenant), op)
        case "contact": return (contact(form, tenant: tenant), op)
        default: return (.invalid, op)
        }
    }

    private func event(_ f: [String: String], tenant: TenantConfig) -> Reply {
        guard let type = f["type"], type == "in" || type == "out", let ev = f["event"], Self.events.contains(ev),
              let phone = f["phone"], !Phone.digits(phone).isEmpty, let callid = f["callid"], !callid.isEmpty else { return .invalid }
        if let d = f["duration"], Int(d) == nil { return .invalid }
        if let r = f["is_recorded"], r != "0", r != "1" { return .invalid }
        if ev == "COMPLETED", let st = f["status"], !(type == "in" ? Self.inStatuses : Self.outStatuses).contains(st) { return .invalid }
        let ext = f["ext"] ?? ""
        var created: Int64?
        var ignored = false
        store.withTenant(tenant.id) { s in
            guard ext.isEmpty || s.user(extension: ext) != nil else { ignored = true; return }
            let isEmployeePhone = s.config.users.contains { u in (u.phones ?? []).contains { Phone.lastDigits($0, 10) == Phone.lastDigits(phone, 10) } }
            if !isEmployeePhone, s.contact(matchingPhone: phone, lastDigits: SandboxAssumptions.telephonyLookupDigits) == nil {
                let id = s.nextContactId
                s.nextContactId += 1
                s.contacts[id] = ["id": .int(id), "name": .string(phone), "phones": [["number": .string(phone), "type": 1]],
                                  "template": ["id": .int(s.config.planfix.contactTemplates.first?.id ?? 1)],
                                  "createdDate": PlanfixCall.timestamp()]
                created = id
            }
            var entry = s.callLog[callid] ?? ["callid": .string(callid), "phone": .string(phone), "type": .string(type), "events": []]
            var e: [String: JSONValue] = ["event": .string(ev), "ext": .string(ext), "time": .int(Ledger.nowMs())]
            for k in ["status", "duration", "is_recorded", "record_link", "diversion"] { if let v = f[k] { e[k] = .string(v) } }
            for (k, v) in f where k.hasPrefix("data_") { e[k] = .string(v) }
            entry["events"] = .array((entry["events"]?.arrayValue ?? []) + [.object(e)])
            entry["state"] = .string(ev)
            if ev == "COMPLETED", ext.isEmpty == false, f["status"] == "Success" || entry["status"] == nil {
                entry["status"] = .optional(f["status"]); entry["duration"] = .optional(f["duration"]); entry["ext"] = .string(ext)
            }
            if let link = f["record_link"] { entry["record_link"] = .string(link) }
            s.callLog[callid] = entry
        }
        if ignored {
            ledger.effect(tenant: tenant.id, api: .planfixTel, "call.event_ignored", ["callid": .string(callid), "ext": .string(ext)])
            return .ok
        }
        if let created {
            ledger.effect(tenant: tenant.id, api: .planfixTel, "contact.created",
                          ["id": .int(created), "phones": [.string(phone)], "source": "telephony", "callid": .string(callid)])
        }
        ledger.effect(tenant: tenant.id, api: .planfixTel, "call.event",
                      ["callid": .string(callid), "event": .string(ev), "type": .string(type), "ext": .string(ext),
                       "phone": .string(phone), "status": .optional(f["status"]), "record_link": .optional(f["record_link"])])
        return .ok
    }

    private func record(_ f: [String: String], tenant: TenantConfig) -> Reply {
        guard let callid = f["callid"], !callid.isEmpty, let link = f["record_link"], !link.isEmpty else { return .invalid }
        if let t = f["is_temp"], t != "0", t != "1" { return .invalid }
        var known = true
        store.withTenant(tenant.id) { s in
            known = s.callLog[callid] != nil
            if !known && !SandboxAssumptions.recordForUnknownCallAccepted { return }
            var entry = s.callLog[callid] ?? ["callid": .string(callid), "events": []]
            entry["record_link"] = .string(link)
            entry["record_is_temp"] = .bool(f["is_temp"] == "1")
            s.callLog[callid] = entry
        }
        if !known && !SandboxAssumptions.recordForUnknownCallAccepted { return .invalid }
        ledger.effect(tenant: tenant.id, api: .planfixTel, "call.record", ["callid": .string(callid), "record_link": .string(link)])
        return .ok
    }

    private func contact(_ f: [String: String], tenant: TenantConfig) -> Reply {
        guard let phone = f["phone"], !Phone.digits(phone).isEmpty else { return .invalid }
        let body: JSONValue = store.withTenant(tenant.id) { s -> JSONValue in
            guard let c = s.contact(matchingPhone: phone, lastDigits: SandboxAssumptions.telephonyLookupDigits) else {
                return SandboxAssumptions.telephonyContactNotFoundBody
            }
            var o: [String: JSONValue] = ["contact_name": .string(PlanfixPresenter.fullName(c))]
            for ref in c["supervisors"]?["users"]?.arrayValue ?? [] {
                if let uid = PlanfixID.parse(ref["id"]), let ext = s.user(id: uid)?.extension_, let n = Int64(ext) {
                    o["responsible"] = .int(n)
                    break
                }
            }
            return .object(o)
        } ?? [:]
        return Reply(status: 200, body: body, code: body["contact_name"] == nil ? "not_found" : "ok")
    }
}
