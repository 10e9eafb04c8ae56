import Foundation

/// A job the fleet gave up on, kept whole for an operator: never trimmed, only retried or purged by hand.
///
/// `job` holds the envelope with its full error history (the last entry says why it died). When the element
/// could not even be decoded, `job` is nil and the bytes are kept in `raw` (UTF-8) or `rawBase64`.
public struct DeadLetter: Codable, Sendable, Equatable {
    public var id: String
    public var queue: String
    public var tenant: String?
    public var kind: String?
    /// Epoch milliseconds.
    public var diedAt: Int64
    /// `permanent`, `exhausted` (out of attempts), `poison` (killed its consumers), `undecodable`, `no-handler`.
    public var errorClass: String
    public var reason: String
    public var job: JobEnvelope?
    public var raw: String?
    public var rawBase64: String?

    /// A dead letter for a job, with the final error appended to its history.
    public init(job: JobEnvelope, queue: String, errorClass: String, reason: String, now: Int64 = WallClock.epochMillis()) {
        var job = job
        job.errors.append(JobErrorRecord(at: now, class: errorClass, message: reason))
        id = job.id
        self.queue = queue
        tenant = job.tenant
        kind = job.kind
        diedAt = now
        self.errorClass = errorClass
        self.reason = reason
        self.job = job
    }

    /// A dead letter for bytes that are not a job.
    public init(unreadable bytes: [UInt8], queue: String, reason: String, now: Int64 = WallClock.epochMillis()) {
        id = "unreadable-" + JobID.make()
        self.queue = queue
        diedAt = now
        errorClass = "undecodable"
        self.reason = reason
        if let text = String(validating: bytes, as: UTF8.self) { raw = text } else { rawBase64 = Data(bytes).base64EncodedString() }
    }

    /// A dead letter for a webhook that authenticated but could not be read (class `bad-webhook`): what it
    /// carried is kept for an operator, who can read, export or purge it (it holds no job, so it cannot be retried).
    /// The caller strips secrets from `bytes` first.
    public init(rejectedWebhook bytes: [UInt8], queue: String, tenant: String, kind: String, reason: String, now: Int64 = WallClock.epochMillis()) {
        id = "rejected-" + JobID.make()
        self.queue = queue
        self.tenant = tenant
        self.kind = kind
        diedAt = now
        errorClass = "bad-webhook"
        self.reason = reason
        if let text = String(validating: bytes, as: UTF8.self) { raw = text } else { rawBase64 = Data(bytes).base64EncodedString() }
    }

    public func encoded() throws -> [UInt8] { Array(try JSONEncoder().encode(self)) }
}

/// Which dead letters an operation applies to. Empty fields match everything.
public struct DeadLetterFilter: Sendable {
    public var tenant: String?
    public var errorClass: String?
    public var kind: String?
    /// Only letters that died at least this long ago.
    public var olderThan: Duration?
    /// Only letters that died at most this long ago.
    public var newerThan: Duration?
    public var ids: Set<String>?

    public init(tenant: String? = nil, errorClass: String? = nil, kind: String? = nil, olderThan: Duration? = nil,
                newerThan: Duration? = nil, ids: Set<String>? = nil) {
        self.tenant = tenant
        self.errorClass = errorClass
        self.kind = kind
        self.olderThan = olderThan
        self.newerThan = newerThan
        self.ids = ids
    }

    public func matches(_ letter: DeadLetter, now: Int64 = WallClock.epochMillis()) -> Bool {
        if let tenant, letter.tenant != tenant { return false }
        if let errorClass, letter.errorClass != errorClass { return false }
        if let kind, letter.kind != kind { return false }
        if let ids, !ids.contains(letter.id) { return false }
        let age = now - letter.diedAt
        if let olderThan, age < olderThan.milliseconds { return false }
        if let newerThan, age > newerThan.milliseconds { return false }
        return true
    }
}

extension Duration {
    /// Whole milliseconds (rounded down).
    public var milliseconds: Int64 {
        let (s, atto) = components
        return s * 1000 + atto / 1_000_000_000_000_000
    }
}
