/// One command for Planfix's telephony API planned by `CallPopupPlanner`: a `cmd=event` (popup, call history) or a
/// late `cmd=record`. Persisted (Redis, JSON) between planning and sending, so a worker that dies mid-call resends
/// exactly the planned commands in order.
///
/// How it fails: it cannot by itself; sending it can (see `PlanfixTelephonyClient`).
public enum TelephonyCommand: Codable, Sendable, Equatable {
    case event(PlanfixCallEvent)
    /// The recording link for a call whose `COMPLETED` went without one.
    case record(callId: String, link: String)
}
