import Foundation
import Testing
@testable import Shared

/// A refused batch is split until the refused deals stand alone: they are reported with UIS's reason, every
/// other deal is sent exactly once in a call UIS accepts, and each deal's records stay together.
struct DealBatchIsolationTests {
    /// A UIS stand-in: refuses any call holding a bad deal, naming its first record like `RemoteOutcome.uis` does
    /// (or not at all, or wrongly).
    final class FakeUIS {
        enum Hint { case right, none, wrong }
        let bad: Set<String>
        let sizes: [String: Int]
        let hint: Hint
        var calls: [[String]] = []
        var accepted: [String] = []
        var refused: [String: String] = [:]

        init(bad: Set<String>, sizes: [String: Int] = [:], hint: Hint = .right) {
            self.bad = bad
            self.sizes = sizes
            self.hint = hint
        }

        func size(_ deal: String) -> Int { sizes[deal] ?? 1 }

        func send(_ deals: [String]) throws {
            calls.append(deals)
            var index = 0
            for deal in deals {
                if bad.contains(deal) {
                    let named = hint == .wrong ? (index + size(deal)) % max(1, deals.map(size).reduce(0, +)) : index
                    let field = hint == .none ? "" : " (field deals[\(named)].ext_id)"
                    throw JobFailure.permanent("uis-data refused (uis-invalid_parameter_value): invalid_parameter_value\(field): deal \(deal) is wrong",
                                               errorClass: "uis-data-permanent")
                }
                index += size(deal)
            }
            accepted += deals
        }

        func run(_ deals: [String]) async throws {
            try await DealBatchIsolation.upload(deals, size: size, send: { try send($0) }, refused: { deal, failure in refused[deal] = failure.message })
        }
    }

    static let deals = (1...16).map { "d\($0)" }

    @Test func aBatchUISAcceptsIsOneCall() async throws {
        let uis = FakeUIS(bad: [])
        try await uis.run(Self.deals)
        #expect(uis.calls == [Self.deals] && uis.accepted == Self.deals && uis.refused.isEmpty)
    }

    @Test func theDealUISNamesIsTriedAloneAndTheRestGoTogether() async throws {
        let uis = FakeUIS(bad: ["d7"], sizes: ["d3": 3])
        try await uis.run(Self.deals)
        #expect(Array(uis.refused.keys) == ["d7"] && uis.refused["d7"]?.contains("deal d7 is wrong") == true, "UIS's reason is kept")
        #expect(uis.accepted.sorted() == Self.deals.filter { $0 != "d7" }.sorted())
        #expect(uis.calls.count == 3, "the batch, the named deal alone, the rest: \(uis.calls)")
    }

    @Test func withoutANamedRecordTheBatchIsHalvedUntilTheBadDealsStandAlone() async throws {
        let uis = FakeUIS(bad: ["d2", "d11"], hint: .none)
        try await uis.run(Self.deals)
        #expect(Set(uis.refused.keys) == ["d2", "d11"])
        #expect(uis.accepted.sorted() == Self.deals.filter { $0 != "d2" && $0 != "d11" }.sorted(), "every other deal exactly once")
        #expect(uis.calls.count <= 2 * 2 * 4 + 1, "about 2·k·log2(n) calls: \(uis.calls.count)")
    }

    @Test func aWrongHintStillEndsWithOnlyTheBadDealRefused() async throws {
        let uis = FakeUIS(bad: ["d5"], hint: .wrong)
        try await uis.run(Self.deals)
        #expect(Array(uis.refused.keys) == ["d5"])
        #expect(uis.accepted.sorted() == Self.deals.filter { $0 != "d5" }.sorted())
    }

    @Test func everyDealBadRefusesEachAloneAndSendsNothing() async throws {
        let uis = FakeUIS(bad: Set(Self.deals.prefix(4)))
        try await uis.run(Array(Self.deals.prefix(4)))
        #expect(uis.refused.count == 4 && uis.accepted.isEmpty)
    }

    @Test func aTransientFailureStopsTheSplitAndIsThrown() async throws {
        var calls = 0
        let failure = await GuardHarness.failure {
            try await DealBatchIsolation.upload(Self.deals, size: { _ in 1 }, send: { batch in
                calls += 1
                if calls == 1 { throw JobFailure.permanent("uis-data refused: x (field deals[0].ext_id): y") }
                throw JobFailure.transient("uis-data: HTTP 503")
            }, refused: { _, _ in Issue.record("nothing is refused while UIS is down") })
        }
        #expect(failure?.kind == .transient && calls == 2)
    }

    @Test func theRecordIndexIsReadFromTheFieldUISNames() {
        #expect(DealBatchIsolation.recordIndex(in: "uis-data refused (uis-invalid_date_time): invalid_date_time (field deals[12].modified_stage_date_time): Неверная дата") == 12)
        #expect(DealBatchIsolation.recordIndex(in: "uis-data refused (uis-x): x (field deals[0]): y") == 0)
        #expect(DealBatchIsolation.recordIndex(in: "uis-data refused (uis-x): x (field deals): y") == nil)
        #expect(DealBatchIsolation.recordIndex(in: "uis-data refused (uis-x): x (field deals[a].b): y") == nil)
        #expect(DealBatchIsolation.recordIndex(in: "uis-data refused (uis-x): x: y") == nil)
        #expect(DealBatchIsolation.deal(containing: 3, in: ["a", "b", "c"], size: { $0 == "b" ? 3 : 1 }) == 1)
        #expect(DealBatchIsolation.deal(containing: 4, in: ["a", "b", "c"], size: { $0 == "b" ? 3 : 1 }) == 2)
        #expect(DealBatchIsolation.deal(containing: 5, in: ["a", "b", "c"], size: { $0 == "b" ? 3 : 1 }) == nil)
    }
}
