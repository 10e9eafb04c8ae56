import Foundation
import Testing
@testable import Shared

/// Status → stage mapping: one success and one failed stage, active statuses as in-process stages in Planfix's
/// order, other closed statuses collapsed into one stage.
struct DealFunnelTests {
    static func status(_ id: Int, _ name: String, active: Bool? = true) -> PlanfixStatus {
        PlanfixStatus(id: id, name: name, color: nil, isActive: active)
    }
    static let statuses = [status(1, "Новая"), status(2, "В работе"), status(4, "Счёт выставлен"), status(3, "Выполненная", active: false),
                           status(5, "Отказ", active: false), status(7, "Отменённая", active: false), status(8, "Отложенная", active: false)]

    @Test func mapsSuccessFailureActiveAndCollapsesOtherClosedStatuses() throws {
        let f = try DealFunnel.build(objectId: 17, objectName: "Сделка", statuses: Self.statuses, successStatusId: 3, failureStatusId: 5)
        #expect(f.funnel.extId == "planfix-object-17" && f.funnel.name == "Planfix: Сделка")
        #expect(f.funnel.stages.success == .init(extId: "planfix-object-17:success", name: "Выполненная"))
        #expect(f.funnel.stages.failed == .init(extId: "planfix-object-17:failed", name: "Отказ"))
        #expect(f.funnel.stages.inProcess.map(\.extId) == ["planfix-object-17:status-1", "planfix-object-17:status-2", "planfix-object-17:status-4",
                                                            "planfix-object-17:closed-other"])
        #expect(f.funnel.stages.inProcess.map(\.order) == [10, 20, 30, 40])
        #expect(f.stage(forStatus: 3)! == ("planfix-object-17:success", .success))
        #expect(f.stage(forStatus: 5)! == ("planfix-object-17:failed", .failed))
        #expect(f.stage(forStatus: 2)! == ("planfix-object-17:status-2", .inProcess))
        #expect(f.stage(forStatus: 7)?.extId == "planfix-object-17:closed-other" && f.stage(forStatus: 8)?.extId == "planfix-object-17:closed-other")
        #expect(f.stage(forStatus: 99) == nil)
    }

    @Test func anActiveStatusChosenAsSuccessIsNotAlsoInProcessAndTheCollapsedStageIsOnlyThereWhenNeeded() throws {
        let f = try DealFunnel.build(objectId: 1, objectName: nil, statuses: [Self.status(1, "Новая"), Self.status(2, "Оплачено"), Self.status(6, "Отказ")],
                                     successStatusId: 2, failureStatusId: 6)
        #expect(f.funnel.stages.inProcess.map(\.extId) == ["planfix-object-1:status-1"])
        #expect(f.funnel.name == "Planfix: объект 1")
        // Only success and failure: UIS needs one in-process stage, so the collapsed one is there.
        let minimal = try DealFunnel.build(objectId: 1, objectName: nil, statuses: [Self.status(2, "Да"), Self.status(6, "Нет")], successStatusId: 2, failureStatusId: 6)
        #expect(minimal.funnel.stages.inProcess.map(\.extId) == ["planfix-object-1:closed-other"])
    }

    @Test func settingsNamingAStatusTheObjectLacksAreRefused() {
        #expect(throws: DealFunnelError.unknownStatus(42, role: "success_status_id")) {
            try DealFunnel.build(objectId: 17, objectName: nil, statuses: Self.statuses, successStatusId: 42, failureStatusId: 5)
        }
        #expect(throws: DealFunnelError.unknownStatus(43, role: "failure_status_id")) {
            try DealFunnel.build(objectId: 17, objectName: nil, statuses: Self.statuses, successStatusId: 3, failureStatusId: 43)
        }
    }

    @Test func neverMoreThanAHundredInProcessStages() throws {
        let many = (1...150).map { Self.status($0, "S\($0)") } + [Self.status(1000, "Won", active: false), Self.status(1001, "Lost", active: false)]
        let f = try DealFunnel.build(objectId: 2, objectName: nil, statuses: many, successStatusId: 1000, failureStatusId: 1001)
        #expect(f.funnel.stages.inProcess.count == 100)
        #expect(f.stage(forStatus: 150)?.extId == "planfix-object-2:closed-other")
        #expect(f.stage(forStatus: 99)?.extId == "planfix-object-2:status-99")
    }
}

/// What changes in UIS when the statuses or the mapping change.
struct DealFunnelDiffTests {
    static func funnel(_ statuses: [PlanfixStatus], success: Int, failure: Int) throws -> UISSalesFunnel {
        try DealFunnel.build(objectId: 17, objectName: "Сделка", statuses: statuses, successStatusId: success, failureStatusId: failure).funnel
    }

    @Test func noFunnelYetCreatesItAndAnEqualOneChangesNothing() throws {
        let f = try Self.funnel(DealFunnelTests.statuses, success: 3, failure: 5)
        #expect(DealFunnelDiff.changes(from: nil, to: f) == [.createFunnel(f)])
        #expect(DealFunnelDiff.changes(from: f, to: f).isEmpty)
    }

    @Test func changingTheSuccessStatusRenamesTheSuccessStageAndMovesTheOldOneToInProcess() throws {
        let s = DealFunnelTests.statuses
        let before = try Self.funnel(s, success: 3, failure: 5)
        let after = try Self.funnel(s, success: 4, failure: 5)  // «Счёт выставлен» now means won
        let changes = DealFunnelDiff.changes(from: before, to: after)
        #expect(changes == [
            .updateStage(funnelExtId: "planfix-object-17", .init(extId: "planfix-object-17:success", name: "Счёт выставлен")),
            .updateStage(funnelExtId: "planfix-object-17", .init(extId: "planfix-object-17:closed-other", name: "Закрыта без результата", order: 30)),
            .deleteStage(funnelExtId: "planfix-object-17", extId: "planfix-object-17:status-4"),
        ])
    }

    @Test func aNewStatusIsAddedBeforeARemovedOneIsDeleted() throws {
        let before = try Self.funnel([DealFunnelTests.status(1, "Новая"), DealFunnelTests.status(3, "Да", active: false), DealFunnelTests.status(5, "Нет", active: false)],
                                     success: 3, failure: 5)
        let after = try Self.funnel([DealFunnelTests.status(2, "Переговоры"), DealFunnelTests.status(3, "Да", active: false), DealFunnelTests.status(5, "Нет", active: false)],
                                    success: 3, failure: 5)
        #expect(DealFunnelDiff.changes(from: before, to: after) == [
            .addStage(funnelExtId: "planfix-object-17", .init(extId: "planfix-object-17:status-2", name: "Переговоры", order: 10)),
            .deleteStage(funnelExtId: "planfix-object-17", extId: "planfix-object-17:status-1"),
        ])
    }

    @Test func anotherObjectIsAnotherFunnel() throws {
        let before = try Self.funnel(DealFunnelTests.statuses, success: 3, failure: 5)
        let other = try DealFunnel.build(objectId: 18, objectName: "Заказ", statuses: DealFunnelTests.statuses, successStatusId: 3, failureStatusId: 5).funnel
        #expect(DealFunnelDiff.changes(from: before, to: other) == [.createFunnel(other)])
    }

    @Test func aRenamedStatusRenamesItsStage() throws {
        var s = DealFunnelTests.statuses
        let before = try Self.funnel(s, success: 3, failure: 5)
        s[1] = DealFunnelTests.status(2, "В работе у менеджера")
        #expect(DealFunnelDiff.changes(from: before, to: try Self.funnel(s, success: 3, failure: 5)) == [
            .updateStage(funnelExtId: "planfix-object-17", .init(extId: "planfix-object-17:status-2", name: "В работе у менеджера", order: 20)),
        ])
    }
}
