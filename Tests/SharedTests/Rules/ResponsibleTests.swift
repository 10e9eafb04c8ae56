import Testing
@testable import Shared

@Suite struct ResponsibleTests {
    static let settings = ResponsibleSettings(defaultEmployeeId: 1, rules: [
        ResponsibleRule(filter: .condition(FilterCondition(.site, .is, ["a.ru"])), employeeId: 10),
        ResponsibleRule(filter: .condition(FilterCondition(.virtualNumber, .is, ["+74951234567"])), employeeId: 20),
        ResponsibleRule(filter: .condition(FilterCondition(.site, .isNotEmpty)), employeeId: 30),
    ])
    static let known: Set<Int> = [1, 10, 20, 30, 77]

    static func resolve(_ p: [String: String], manager: Bool = false, known: Set<Int> = known) throws -> ResponsibleSettings.Decision {
        try settings.resolve(RuleEvent(flow: .incomingCall, parameters: p), usePersonalManager: manager, knownEmployees: known)
    }

    @Test func firstMatchWins() throws {
        let both = try Self.resolve(["site": "a.ru", "virtual_number": "84951234567"])
        #expect(both.employeeId == 10 && both.reason == .rule && both.ruleIndex == 0)
        let second = try Self.resolve(["site": "b.ru", "virtual_number": "84951234567"])
        #expect(second.employeeId == 20 && second.ruleIndex == 1)
        let third = try Self.resolve(["site": "b.ru"])
        #expect(third.employeeId == 30 && third.ruleIndex == 2)
        let none = try Self.resolve([:])
        #expect(none.employeeId == 1 && none.reason == .defaultResponsible)
    }

    @Test func unsyncedEmployeeFallsBackToDefault() throws {
        let d = try Self.resolve(["site": "a.ru"], known: [1, 20, 30])
        #expect(d.employeeId == 1 && d.reason == .unsyncedFallback && d.ruleIndex == 0)
    }

    @Test func personalManager() throws {
        let on = try Self.resolve(["site": "a.ru", RuleEvent.personalManagerKey: "77"], manager: true)
        #expect(on.employeeId == 77 && on.reason == .personalManager)
        let off = try Self.resolve(["site": "a.ru", RuleEvent.personalManagerKey: "77"], manager: false)
        #expect(off.employeeId == 10)
        let absent = try Self.resolve(["site": "a.ru"], manager: true)
        #expect(absent.employeeId == 10)
        let unsynced = try Self.resolve([RuleEvent.personalManagerKey: "99"], manager: true)
        #expect(unsynced.employeeId == 1 && unsynced.reason == .unsyncedFallback)
    }

    @Test func ruleNotApplicableToFlowThrows() {
        let s = ResponsibleSettings(defaultEmployeeId: 1, rules: [ResponsibleRule(filter: .condition(FilterCondition(.tag, .is, ["x"])), employeeId: 2)])
        #expect(throws: RulesEngineError.self) {
            try s.resolve(RuleEvent(flow: .lead, parameters: [:]), usePersonalManager: false, knownEmployees: [1, 2])
        }
    }
}
