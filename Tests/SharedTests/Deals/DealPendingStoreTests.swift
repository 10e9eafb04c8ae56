import Foundation
import Testing
import TestSupport
@testable import Shared

/// Staged deal records in a private Redis: one list per deal in stage order, the latest state of a stage
/// replacing its record, oldest deals taken first, and settling removes exactly the records a run sent.
@Suite(.serialized) struct DealPendingStoreTests {
    let server: RedisServer
    let redis: RedisClient
    let store: DealPendingStore
    init() throws {
        server = try RedisServer()
        redis = RedisClient(resolver: server.resolver)
        store = DealPendingStore(redis: redis)
    }

    static func entry(_ task: Int64, stage: String, second: Int, revenue: Double? = nil) -> DealPendingEntry {
        let at = Date(timeIntervalSince1970: 1_780_000_000 + Double(second))
        let time = UISReportWindow.format(at, in: DealAssumptions.timeZone)
        return DealPendingEntry(jobId: "job-\(task)-\(stage)-\(second)", receivedAt: Int64(at.timeIntervalSince1970 * 1000),
                                state: DealUploadState(stage: stage, stageEntered: at, created: at, fingerprint: "\(stage)/\(second)/\(revenue ?? 0)"),
                                record: UISDealRecord(extId: String(task), name: "Сделка", createdDateTime: time, modifiedStageDateTime: time,
                                                      salesFunnelExtId: "f", stageExtId: stage, revenue: revenue))
    }

    @Test func aDealKeepsOneRecordPerStageInOrderTheLatestStateWinning() async throws {
        try await store.stage(tenant: "t", taskId: 7, Self.entry(7, stage: "a", second: 0), replacing: nil, now: 1)
        let last = try #require(try await store.last(tenant: "t", taskId: 7))
        #expect(last.entry?.state.stage == "a")
        #expect(try await store.stage(tenant: "t", taskId: 7, Self.entry(7, stage: "a", second: 0, revenue: 5), replacing: last.raw, now: 2))
        let replaced = try #require(try await store.last(tenant: "t", taskId: 7))
        #expect(!(try await store.stage(tenant: "t", taskId: 7, Self.entry(7, stage: "b", second: 9), replacing: nil, now: 3)))
        let deals = try await store.take(tenant: "t")
        #expect(deals.map(\.taskId) == [7])
        #expect(deals[0].records?.map(\.stageExtId) == ["a", "b"] && deals[0].records?.first?.revenue == 5)
        #expect(deals[0].raw.first == replaced.raw)
        #expect(try await store.summary(tenant: "t") == (1, 1) as (Int, Int64?), "the deal keeps its first staging time")
    }

    @Test func replacingARecordARunTookMeanwhileAppendsInstead() async throws {
        try await store.stage(tenant: "t", taskId: 7, Self.entry(7, stage: "a", second: 0), replacing: nil)
        let last = try #require(try await store.last(tenant: "t", taskId: 7))
        let taken = try await store.take(tenant: "t")
        #expect(try await store.accept(tenant: "t", taken) == 1)
        #expect(try await store.summary(tenant: "t").deals == 0)
        #expect(!(try await store.stage(tenant: "t", taskId: 7, Self.entry(7, stage: "a", second: 0, revenue: 9), replacing: last.raw)))
        #expect(try await store.take(tenant: "t").first?.records?.map(\.revenue) == [9])
    }

    @Test func acceptingRemovesWhatWasSentSetsTheUploadStateAndKeepsWhatCameLater() async throws {
        try await store.stage(tenant: "t", taskId: 1, Self.entry(1, stage: "a", second: 0), replacing: nil, now: 10)
        try await store.stage(tenant: "t", taskId: 2, Self.entry(2, stage: "a", second: 1), replacing: nil, now: 20)
        let taken = try await store.take(tenant: "t")
        #expect(taken.map(\.taskId) == [1, 2], "oldest first")
        // While the run uploads: deal 1 enters stage b, deal 2's record is replaced by a later state of its stage.
        try await store.stage(tenant: "t", taskId: 1, Self.entry(1, stage: "b", second: 5), replacing: nil, now: 30)
        try await store.stage(tenant: "t", taskId: 2, Self.entry(2, stage: "a", second: 1, revenue: 3), replacing: taken[1].raw[0], now: 40)
        #expect(try await store.accept(tenant: "t", taken) == 1, "only deal 1's record was still what the run sent")
        let states = DealStateStore(redis: redis)
        #expect(try await states.lastUpload(tenant: "t", taskId: 1) == Self.entry(1, stage: "a", second: 0).state)
        #expect(try await states.lastUpload(tenant: "t", taskId: 2) == nil, "nothing of deal 2 was settled")
        let left = try await store.take(tenant: "t")
        #expect(left.map { $0.records?.map { "\($0.extId) \($0.stageExtId) \($0.revenue ?? 0)" } ?? [] } == [["1 b 0.0"], ["2 a 3.0"]])
    }

    @Test func discardingLeavesTheUploadStateAlone() async throws {
        try await DealStateStore(redis: redis).recordUpload(tenant: "t", taskId: 3, Self.entry(3, stage: "a", second: 0).state)
        try await store.stage(tenant: "t", taskId: 3, Self.entry(3, stage: "b", second: 4), replacing: nil)
        #expect(try await store.discard(tenant: "t", try await store.take(tenant: "t")) == 1)
        #expect(try await store.summary(tenant: "t").deals == 0)
        #expect(try await DealStateStore(redis: redis).lastUpload(tenant: "t", taskId: 3)?.stage == "a")
    }

    @Test func aBatchHoldsAtMostTheLimitAndWholeDeals() async throws {
        for task in Int64(1)...5 {
            for s in 0..<Int(task) { try await store.stage(tenant: "t", taskId: task, Self.entry(task, stage: "s\(s)", second: s), replacing: nil, now: task) }
        }
        #expect(try await store.take(tenant: "t", limit: 7).map(\.taskId) == [1, 2, 3], "1+2+3 records; deal 4 does not fit")
        #expect(try await store.take(tenant: "t", limit: 1).map { $0.raw.count } == [1])
        try await store.accept(tenant: "t", try await store.take(tenant: "t", limit: 6))  // deals 1, 2 and 3
        #expect(try await store.take(tenant: "t", limit: 3).map { "\($0.taskId):\($0.raw.count)" } == ["4:3"], "a deal larger than the limit gives its first records")
    }

    @Test func aRecordThatDoesNotDecodeIsHandedOverAsSuch() async throws {
        try await store.stage(tenant: "t", taskId: 9, Self.entry(9, stage: "a", second: 0), replacing: nil)
        try await redis.send(RedisCommand("RPUSH", TenantKeys(tenant: "t").dealPendingRecords(9), "{not json")).orThrow()
        let deal = try #require(try await store.take(tenant: "t").first)
        #expect(deal.entries.count == 2 && deal.entries[1] == nil && deal.records == nil)
        #expect(try await store.discard(tenant: "t", [deal]) == 2)
    }
}
