import Foundation
import Testing
@testable import Shared

/// Uploads hold at most 1000 records and keep each deal's records together and in order.
struct DealBatchesTests {
    static func record(_ ext: String, _ n: Int) -> UISDealRecord {
        UISDealRecord(extId: ext, name: "d", createdDateTime: "2026-01-01 00:00:00", modifiedStageDateTime: String(format: "2026-01-01 00:00:%02d", n % 60),
                      salesFunnelExtId: "f", stageExtId: "s\(n)")
    }

    @Test func smallUploadsAreOneCall() {
        let records = [Self.record("1", 0), Self.record("2", 1), Self.record("1", 2)]
        let batches = DealBatches.split(records)
        #expect(batches.count == 1)
        #expect(batches[0].map(\.stageExtId) == ["s0", "s2", "s1"], "a deal's records stay together, in order")
    }

    @Test func callsNeverExceedTheLimitAndNeverSplitADealThatFits() {
        let records = (0..<2500).map { Self.record(String($0 / 3), $0) }  // 834 deals of up to 3 records
        let batches = DealBatches.split(records)
        #expect(batches.allSatisfy { $0.count <= 1000 })
        #expect(batches.flatMap { $0 }.count == 2500)
        for batch in batches {
            for ext in Set(batch.map(\.extId)) {
                #expect(batches.filter { $0.contains { $0.extId == ext } }.count == 1, "deal \(ext) in one call")
            }
        }
        #expect(DealBatches.split(records, limit: 4).allSatisfy { $0.count <= 4 })
    }

    @Test func aDealLargerThanTheLimitIsSplitInOrder() {
        let records = (0..<5).map { Self.record("9", $0) }
        let batches = DealBatches.split(records, limit: 2)
        #expect(batches.map { $0.map(\.stageExtId) } == [["s0", "s1"], ["s2", "s3"], ["s4"]])
        #expect(DealBatches.split([]).isEmpty)
    }
}
