/// Guesses the telephony planner makes where neither UIS nor Planfix documents the answer, kept in one place so
/// they are easy to find, test against a live account and change.
///
/// Why: `CallPopupPlanner` must fill `is_recorded` on `COMPLETED` before the recording exists, and UIS's "call
/// finished" notification says nothing about recording. How it fails: a wrong guess does not break a call; Planfix
/// either waits for a `cmd=record` that never comes (shows no recording) or ignores a later one.
public enum TelephonyAssumptions {
    /// UNVERIFIED: a call with talk time (`talk_time_duration > 0`) is assumed recorded, so `COMPLETED` carries
    /// `is_recorded=1` and Planfix waits for the `cmd=record` sent when UIS's "recording ready" arrives. True for
    /// tenants recording every call (the usual UIS setting); wrong for tenants that record selectively.
    public static let talkedCallIsRecorded = true
}
