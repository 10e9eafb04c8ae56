/// The remote APIs the fleet talks to; each has its own rate budget, circuit breaker and pause per tenant.
public enum RemoteAPI: String, Sendable, CaseIterable, Codable {
    /// Planfix REST v2 (`/rest/…`, Bearer token): 1 request/s and a daily cap per account.
    case planfixREST = "planfix-rest"
    /// Planfix telephony API (`/tel/api`, form-encoded, `planfix_token`): popups and call history.
    case planfixTelephony = "planfix-tel"
    /// UIS Data API v2.0 (JSON-RPC): points per minute and per day.
    case uisData = "uis-data"
    /// UIS Call API v4.0 (JSON-RPC): its own points.
    case uisCall = "uis-call"
}
