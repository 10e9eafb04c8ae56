/// What one answer of a remote API means for the job that asked, in the terms the queue runtime acts on.
///
/// Classifiers (`RemoteOutcome+Planfix.swift`, `RemoteOutcome+UIS.swift`) branch on Planfix's `code` and UIS's
/// `data.mnemonic`, not on the HTTP status alone, because both APIs put the real reason in the body.
public enum RemoteOutcome: Sendable, Equatable {
    case success
    /// Worth repeating with backoff: network trouble, timeouts, 5xx, 429, a per-minute limit.
    case transient(reason: String, retryAfter: Duration?)
    /// The account's quota is spent (Planfix code 22, a UIS daily limit): wait for the reset without spending
    /// an attempt.
    case quotaExhausted(reason: String, resetIn: Duration)
    /// Repeating cannot help (validation, not found): dead letter with the reason.
    case permanent(reason: String, code: String)
    /// The tenant's credentials or account are refused: pause the tenant's jobs for this API and alert.
    case credentials(reason: String)

    /// How long to wait after a code-22 style answer when the API does not say (Planfix refreshes its
    /// remaining-requests header about every 10 minutes).
    public static let defaultQuotaWait: Duration = .seconds(600)

    public var isSuccess: Bool { self == .success }

    /// The job failure a handler throws for this outcome (nil for success). Credentials problems defer the job:
    /// it must survive until an operator fixes the settings, not burn its attempts.
    public func jobFailure(api: RemoteAPI, pauseFor: Duration = .seconds(300)) -> JobFailure? {
        switch self {
        case .success:
            return nil
        case let .transient(reason, retryAfter):
            return .transient("\(api.rawValue): \(reason)", retryAfter: retryAfter, errorClass: "\(api.rawValue)-transient")
        case let .quotaExhausted(reason, resetIn):
            return .deferred("\(api.rawValue): \(reason)", by: resetIn, errorClass: "\(api.rawValue)-quota")
        case let .permanent(reason, code):
            return .permanent("\(api.rawValue) refused (\(code)): \(reason)", errorClass: "\(api.rawValue)-permanent")
        case let .credentials(reason):
            return .deferred("\(api.rawValue) credentials refused: \(reason)", by: pauseFor, errorClass: "\(api.rawValue)-credentials")
        }
    }
}
