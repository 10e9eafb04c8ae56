import Foundation

/// The times of one `upload.deals_history` record.
///
/// UIS refuses a record whose `modified_stage_date_time` is older than the deal's last uploaded one, and one
/// such record fails its whole call (uis-chats-leads-deals.md §3.5, §3.7). So the stage time is never older than
/// what was sent before for the deal (kept in `DealUploadState`); a deal that stays in its stage keeps the time
/// it entered it; a new stage is entered at the change's time (when the automation's POST arrived: Planfix's own
/// timestamps have minute precision). Creation is never in the future and never after the stage time.
public struct DealStageClock: Sendable, Equatable {
    public var created: Date
    public var stageEntered: Date
    public var modified: Date

    /// - Parameters:
    ///   - created: the task's creation time (nil when Planfix did not say).
    ///   - changedAt: when the change was reported (the job's first delivery).
    ///   - now: the current time.
    public init(stage: String, created: Date?, changedAt: Date, now: Date, previous: DealUploadState?) {
        let changed = Self.seconds(min(changedAt, now))
        var created = Self.seconds(min(created ?? changed, now))
        if let previous, previous.created < created { created = previous.created }  // keep the first creation time sent
        let stageEntered: Date
        if let previous, previous.stage == stage {
            stageEntered = previous.stageEntered
        } else {
            stageEntered = max(changed, previous?.stageEntered ?? changed, created)
        }
        self.created = min(created, stageEntered)
        self.stageEntered = stageEntered
        modified = max(stageEntered, changed)
    }

    /// UIS takes seconds: round down so a re-computed time equals the one stored.
    static func seconds(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }
}

/// What was last uploaded for one deal (kept in Redis per task, `TenantKeys.dealUpload`): the stage and when it
/// was entered, the creation time sent, and the record without its modification time, so an unchanged state is
/// not uploaded again (re-delivered POSTs, changes to fields UIS does not get).
public struct DealUploadState: Sendable, Equatable, Codable {
    public var stage: String
    public var stageEntered: Date
    public var created: Date
    public var fingerprint: String

    public init(stage: String, stageEntered: Date, created: Date, fingerprint: String) {
        self.stage = stage
        self.stageEntered = stageEntered
        self.created = created
        self.fingerprint = fingerprint
    }
}
