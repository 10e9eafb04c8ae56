import Foundation

/// One tenant's client for Planfix's telephony API («API ПланФикса для телефоний», reference planfix-api.md
/// §2): form-encoded POSTs to the account's `/tel/api` URL with `planfix_token`, for call events (popups and
/// history), late recording links, caller lookups and the connection test.
///
/// Every call goes through `RemoteCallGuard` with the `.planfixTelephony` API and its classifier (401 → tenant
/// paused, 400 → permanent, 5xx/network → transient). How it fails: a `JobFailure` from the guard; an
/// unparseable `contact` answer is "not found" rather than an error (the lookup is an optimisation). The token
/// is registered with `SecretRedactor` and travels only in the body.
public struct PlanfixTelephonyClient: Sendable {
    /// The «Адрес для принятия запросов», e.g. `https://acme.planfix.ru/tel/api`.
    public var endpoint: RemoteEndpoint
    public var tenant: String { endpoint.tenant }
    public var url: URL { endpoint.url }

    public init(tenant: String, url: URL, token: String, budget: RateBudget = .planfixTelephony, callGuard: RemoteCallGuard,
                transport: any RemoteTransport = HTTPClientRemoteTransport(), timeout: Duration = .seconds(10)) {
        endpoint = RemoteEndpoint(tenant: tenant, api: .planfixTelephony, url: url, token: token, budget: budget, callGuard: callGuard,
                                  transport: transport, timeout: timeout)
    }

    /// `cmd=event`.
    public func event(_ event: PlanfixCallEvent, holder: String) async throws {
        _ = try await send(event.formFields, holder: holder)
    }

    /// `cmd=record`: the recording link for a call completed with `is_recorded=1` and no `record_link`.
    /// - Parameter isTemporary: the link is one-shot (Planfix downloads it; no playback from the PBX).
    public func record(callId: String, link: String, isTemporary: Bool = false, holder: String) async throws {
        var fields = [("cmd", "record"), ("callid", callId), ("record_link", link)]
        if isTemporary { fields.append(("is_temp", "1")) }
        _ = try await send(fields, holder: holder)
    }

    /// `cmd=contact`: the caller's name and responsible extension, or nil when Planfix knows no such contact.
    public func contact(phone: String, callId: String? = nil, holder: String) async throws -> PlanfixCallerInfo? {
        var fields = [("cmd", "contact"), ("phone", phone)]
        if let callId { fields.append(("callid", callId)) }
        let answer = try await send(fields, holder: holder)
        return Self.parseContact(answer.body)
    }

    /// `cmd=ping`: checks the URL and token; returns what Planfix has saved as our PBX URL and key.
    public func ping(holder: String) async throws -> PlanfixTelephonyPing {
        let answer = try await send([("cmd", "ping")], holder: holder)
        let json = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:]
        let keys = PlanfixAssumptions.telephonyPingKeys
        return PlanfixTelephonyPing(pbxURL: Self.string(json[keys.url]), pbxToken: Self.string(json[keys.token]))
    }

    /// Parses the `cmd=contact` answer tolerantly (see `PlanfixAssumptions.telephonyContactNameKey`).
    static func parseContact(_ body: [UInt8]) -> PlanfixCallerInfo? {
        guard let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let name = string(json[PlanfixAssumptions.telephonyContactNameKey]), !name.isEmpty else { return nil }
        let responsible = string(json[PlanfixAssumptions.telephonyResponsibleKey]).flatMap { $0.isEmpty ? nil : $0 }
        return PlanfixCallerInfo(name: name, responsibleExtension: responsible)
    }

    /// A JSON string or number as text (`103` and `"103"` both give "103").
    static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s.trimmingCharacters(in: .whitespaces)
        case let n as NSNumber:
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : n.stringValue
        default: return nil
        }
    }

    /// The request body for `fields` plus the token (exposed for tests).
    func formBody(_ fields: [(String, String)]) -> [UInt8] {
        FormURLEncoding.encode(fields + [(PlanfixAssumptions.telephonyTokenField, endpoint.token)])
    }

    func send(_ fields: [(String, String)], holder: String) async throws -> RemoteAnswer {
        let headers = [("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"), ("Accept", "application/json")]
        return try await endpoint.send("POST", headers: headers, body: formBody(fields), holder: holder,
                                       classify: RemoteOutcome.planfixTelephony)
    }
}
