import Foundation

/// One deal record staged for `upload.deals_history`, with what the deal's upload state becomes once UIS has
/// accepted it and the job that staged it (so a record UIS refuses becomes a dead letter an operator can retry).
///
/// A deal has one entry per stage it entered while its records waited (UIS wants every stage a deal went
/// through); a later state within the same stage replaces the last entry instead (the latest state wins).
public struct DealPendingEntry: Sendable, Equatable, Codable {
    /// The `deal.changed` job that staged it.
    public var jobId: String
    /// When that job's change was posted (epoch ms), for the job rebuilt into a dead letter.
    public var receivedAt: Int64
    /// The deal's upload state once this record is accepted.
    public var state: DealUploadState
    public var record: UISDealRecord

    public init(jobId: String, receivedAt: Int64, state: DealUploadState, record: UISDealRecord) {
        self.jobId = jobId
        self.receivedAt = receivedAt
        self.state = state
        self.record = record
    }

    /// The stored form (JSON with sorted keys, so equal entries are equal bytes).
    public func encoded() throws -> [UInt8] { Array(try DealStateStore.encoder.encode(self)) }

    /// An entry read back, or nil for bytes that are not one (written by another version, or edited by hand).
    public static func decode(_ bytes: [UInt8]) -> DealPendingEntry? {
        try? DealStateStore.decoder.decode(DealPendingEntry.self, from: Data(bytes))
    }
}

/// A deal's staged records as one upload run took them: the exact bytes read (what the run may remove once
/// they are settled, and nothing staged after) and their decoded entries.
public struct DealPendingDeal: Sendable {
    public let taskId: Int64
    public let raw: [[UInt8]]
    /// Nil where an entry does not decode.
    public let entries: [DealPendingEntry?]

    public init(taskId: Int64, raw: [[UInt8]]) {
        self.taskId = taskId
        self.raw = raw
        entries = raw.map(DealPendingEntry.decode)
    }

    /// The records in order, or nil when one of them does not decode.
    public var records: [UISDealRecord]? {
        var out: [UISDealRecord] = []
        for e in entries {
            guard let e else { return nil }
            out.append(e.record)
        }
        return out
    }
}
