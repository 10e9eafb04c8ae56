/// What a handler throws to say how its job failed; any other error counts as `transient`.
///
/// The classes map to the queue's outcomes:
/// - `transient`: spend an attempt and retry with backoff (or after `retryAfter`, e.g. HTTP Retry-After).
/// - `deferred`: not a failure of the job (a rate budget, a quota, an open breaker): run again after `delay`
///   without spending an attempt.
/// - `permanent`: retrying cannot help (validation error, entity deleted): dead letter now, with the reason.
public struct JobFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case transient, deferred, permanent }
    public let kind: Kind
    public let message: String
    public let delay: Duration?
    /// A finer class for operators and dead-letter filters, e.g. "planfix-validation".
    public let errorClass: String

    public static func transient(_ message: String, retryAfter: Duration? = nil, errorClass: String = "transient") -> JobFailure {
        JobFailure(kind: .transient, message: message, delay: retryAfter, errorClass: errorClass)
    }
    public static func deferred(_ message: String, by delay: Duration, errorClass: String = "deferred") -> JobFailure {
        JobFailure(kind: .deferred, message: message, delay: delay, errorClass: errorClass)
    }
    public static func permanent(_ message: String, errorClass: String = "permanent") -> JobFailure {
        JobFailure(kind: .permanent, message: message, delay: nil, errorClass: errorClass)
    }

    public var description: String { "\(errorClass): \(message)" }
}
