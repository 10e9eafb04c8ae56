import Foundation
import Testing
@testable import Shared

/// Stage times never go back; a deal that stays in its stage keeps the time it entered it.
struct DealStageClockTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)
    static func at(_ s: Double) -> Date { t0.addingTimeInterval(s) }
    static func state(_ stage: String, entered: Double, created: Double = 0) -> DealUploadState {
        DealUploadState(stage: stage, stageEntered: at(entered), created: at(created), fingerprint: "x")
    }

    @Test func aNewDealEntersItsStageWhenTheChangeArrived() {
        let c = DealStageClock(stage: "a", created: Self.at(-60), changedAt: Self.at(0.7), now: Self.at(5), previous: nil)
        #expect(c.created == Self.at(-60) && c.stageEntered == Self.at(0) && c.modified == Self.at(0))
    }

    @Test func aLateOrOlderChangeNeverMovesTheStageTimeBack() {
        // The job of an earlier change ran late (a retry after an outage): its time is older than what was sent.
        let c = DealStageClock(stage: "b", created: Self.at(-60), changedAt: Self.at(10), now: Self.at(100), previous: Self.state("a", entered: 30, created: -60))
        #expect(c.stageEntered == Self.at(30))
        #expect(c.modified == Self.at(30))
    }

    @Test func stayingInTheStageKeepsItsEntryTime() {
        let c = DealStageClock(stage: "a", created: Self.at(-60), changedAt: Self.at(50), now: Self.at(100), previous: Self.state("a", entered: 30, created: -60))
        #expect(c.stageEntered == Self.at(30) && c.modified == Self.at(50))
    }

    @Test func creationIsNeverInTheFutureNorAfterTheStageAndKeepsWhatWasSent() {
        let future = DealStageClock(stage: "a", created: Self.at(500), changedAt: Self.at(10), now: Self.at(20), previous: nil)
        #expect(future.created <= future.stageEntered && future.created <= Self.at(20))
        let unknown = DealStageClock(stage: "a", created: nil, changedAt: Self.at(10), now: Self.at(20), previous: nil)
        #expect(unknown.created == Self.at(10) && unknown.stageEntered == Self.at(10))
        let kept = DealStageClock(stage: "b", created: Self.at(0), changedAt: Self.at(40), now: Self.at(50), previous: Self.state("a", entered: 30, created: -100))
        #expect(kept.created == Self.at(-100))
    }

    @Test func aSequenceOfChangesIsMonotonic() {
        var previous: DealUploadState?
        var last = Date.distantPast
        for (i, stage) in ["a", "b", "a", "c", "c", "b"].enumerated() {
            // Arrival times jump around (coalesced jobs carry their first delivery's time).
            let c = DealStageClock(stage: stage, created: Self.at(0), changedAt: Self.at(Double([5, 3, 9, 2, 12, 11][i])), now: Self.at(60), previous: previous)
            #expect(c.stageEntered >= last)
            last = c.stageEntered
            previous = DealUploadState(stage: stage, stageEntered: c.stageEntered, created: c.created, fingerprint: "")
        }
    }

    @Test func planfixTimePointsBecomeInstants() {
        #expect(PlanfixTimePoint(date: nil).instant() == nil)
        var iso = PlanfixTimePoint(date: "26-11-2026", time: "13:45")
        iso.datetime = "2026-11-26T10:45Z"
        let utc = TimeZone(identifier: "UTC")!
        #expect(iso.instant() == UISReportWindow.parse("2026-11-26 10:45:00", in: utc))
        #expect(PlanfixTimePoint(date: "26-11-2026", time: "13:45").instant() == UISReportWindow.parse("2026-11-26 13:45:00", in: DealAssumptions.timeZone))
        #expect(PlanfixTimePoint(date: "26-11-2026").instant() == UISReportWindow.parse("2026-11-26 00:00:00", in: DealAssumptions.timeZone))
    }
}
