import Testing
@testable import Shared

@Suite struct FilterTests {
    static func event(_ flow: RuleFlow, _ p: [String: String]) -> RuleEvent { RuleEvent(flow: flow, parameters: p) }
    static func eval(_ f: RuleFilter, _ e: RuleEvent) throws -> Bool { try f.evaluate(e) }

    struct Case: Sendable, CustomStringConvertible {
        let flow: RuleFlow, field: FilterField, op: FilterOperator, values: [String], actual: String?, expected: Bool
        var description: String { "\(flow) \(field) \(op) \(values) on \(actual ?? "nil") → \(expected)" }
    }

    static let cases: [Case] = [
        // virtual number: phone normalisation
        Case(flow: .incomingCall, field: .virtualNumber, op: .is, values: ["8 (495) 123-45-67"], actual: "74951234567", expected: true),
        Case(flow: .incomingCall, field: .virtualNumber, op: .is, values: ["+7 495 123 45 68"], actual: "74951234567", expected: false),
        Case(flow: .outgoingCall, field: .virtualNumber, op: .isNot, values: ["+74951234567"], actual: "84951234567", expected: false),
        Case(flow: .outgoingCall, field: .virtualNumber, op: .isOneOf, values: ["+78005553535", "4951234567"], actual: "+7 (495) 123-45-67", expected: true),
        Case(flow: .incomingCall, field: .virtualNumber, op: .contains, values: ["495"], actual: "74951234567", expected: true),
        Case(flow: .incomingCall, field: .virtualNumber, op: .contains, values: ["812"], actual: "74951234567", expected: false),
        Case(flow: .incomingCall, field: .virtualNumber, op: .isEmpty, values: [], actual: "   ", expected: true),
        Case(flow: .incomingCall, field: .virtualNumber, op: .isNotEmpty, values: [], actual: "74951234567", expected: true),
        // scenario, site, source, campaign: case-insensitive, trimmed
        Case(flow: .incomingCall, field: .scenario, op: .is, values: ["основной"], actual: "  Основной ", expected: true),
        Case(flow: .incomingCall, field: .scenario, op: .isNot, values: ["Ночной"], actual: "Основной", expected: true),
        Case(flow: .incomingCall, field: .site, op: .isOneOf, values: ["a.ru", "SHOP.example.ru"], actual: "shop.example.ru", expected: true),
        Case(flow: .outgoingCall, field: .site, op: .contains, values: ["EXAMPLE"], actual: "shop.example.ru", expected: true),
        Case(flow: .incomingCall, field: .source, op: .is, values: ["Яндекс  Директ"], actual: "яндекс директ", expected: true),
        Case(flow: .incomingCall, field: .source, op: .isEmpty, values: [], actual: nil, expected: true),
        Case(flow: .incomingCall, field: .campaign, op: .isNotEmpty, values: [], actual: nil, expected: false),
        Case(flow: .incomingCall, field: .campaign, op: .isNot, values: ["Весна"], actual: nil, expected: true),
        Case(flow: .incomingCall, field: .campaign, op: .is, values: ["Весна"], actual: nil, expected: false),
        // leads
        Case(flow: .lead, field: .leadType, op: .is, values: ["стандартная"], actual: "Стандартная", expected: true),
        Case(flow: .lead, field: .leadType, op: .isOneOf, values: ["DataAPI"], actual: "Пользовательская", expected: false),
        Case(flow: .lead, field: .site, op: .contains, values: ["shop"], actual: "shop.example.ru", expected: true),
        Case(flow: .lead, field: .campaign, op: .isEmpty, values: [], actual: "Весна", expected: false),
        Case(flow: .lead, field: .source, op: .isNot, values: ["google"], actual: "Google", expected: false),
        // chats: tags are a list
        Case(flow: .chat, field: .tag, op: .is, values: ["доставка"], actual: "Вопрос, Доставка", expected: true),
        Case(flow: .chat, field: .tag, op: .isNot, values: ["Спам"], actual: "Вопрос, Доставка", expected: true),
        Case(flow: .chat, field: .tag, op: .isNot, values: ["вопрос"], actual: "Вопрос, Доставка", expected: false),
        Case(flow: .chat, field: .tag, op: .contains, values: ["став"], actual: "Вопрос, Доставка", expected: true),
        Case(flow: .chat, field: .tag, op: .isEmpty, values: [], actual: " , ", expected: true),
        Case(flow: .chat, field: .channel, op: .isOneOf, values: ["whatsapp", "Telegram"], actual: "telegram", expected: true),
        Case(flow: .chat, field: .channel, op: .is, values: ["viber"], actual: "telegram", expected: false),
        Case(flow: .chat, field: .site, op: .isNotEmpty, values: [], actual: "a.ru", expected: true),
        Case(flow: .chat, field: .campaign, op: .contains, values: ["весен"], actual: "Весенняя распродажа", expected: true),
        Case(flow: .chat, field: .source, op: .is, values: ["organic"], actual: "ORGANIC", expected: true),
    ]

    @Test(arguments: cases)
    func conditionTable(_ c: Case) throws {
        var p: [String: String] = [:]
        if let actual = c.actual { p[c.field.parameterKey] = actual }
        let result = try Self.eval(.condition(FilterCondition(c.field, c.op, c.values)), Self.event(c.flow, p))
        #expect(result == c.expected)
    }

    @Test func everyFieldOfEveryFlowIsCoveredByTheTable() {
        for flow in RuleFlow.allCases {
            for field in FilterField.allowed(in: flow) {
                let covered = Self.cases.contains { $0.field == field && ($0.flow == flow || ($0.flow.catalogue == flow.catalogue)) }
                #expect(covered, "\(flow) \(field)")
            }
        }
        #expect(Set(Self.cases.map(\.op)) == Set(FilterOperator.allCases))
    }

    @Test func andOrNesting() throws {
        let e = Self.event(.incomingCall, ["site": "a.ru", "source": "google", "virtual_number": "74951234567"])
        let siteA = RuleFilter.condition(FilterCondition(.site, .is, ["a.ru"]))
        let siteB = RuleFilter.condition(FilterCondition(.site, .is, ["b.ru"]))
        let google = RuleFilter.condition(FilterCondition(.source, .is, ["Google"]))
        let number = RuleFilter.condition(FilterCondition(.virtualNumber, .is, ["+7 495 123-45-67"]))
        #expect(try Self.eval(.all([siteA, google]), e))
        #expect(try !Self.eval(.all([siteB, google]), e))
        #expect(try Self.eval(.any([siteB, google]), e))
        #expect(try !Self.eval(.any([siteB, .all([google, .condition(FilterCondition(.scenario, .isNotEmpty))])]), e))
        #expect(try Self.eval(.all([.any([siteB, number]), .any([google, siteB])]), e))
        #expect(try !Self.eval(.any([.all([siteB, number]), .all([siteA, .condition(FilterCondition(.source, .isNot, ["google"]))])]), e))
    }

    @Test func passAllWhenOffOrEmpty() throws {
        let e = Self.event(.lead, ["site": "x.ru"])
        let reject = RuleFilter.condition(FilterCondition(.site, .is, ["other.ru"]))
        #expect(try FilterSetting(enabled: false, rule: nil).passes(e))
        #expect(try FilterSetting(enabled: false, rule: reject).passes(e), "switched off: the stored filter is ignored")
        #expect(try FilterSetting(enabled: true, rule: nil).passes(e), "switched on with no condition: pass all")
        #expect(try !FilterSetting(enabled: true, rule: reject).passes(e))
    }

    @Test func emptyGroupAndForeignFieldThrow() {
        let e = Self.event(.incomingCall, ["site": "a.ru"])
        #expect(throws: RulesEngineError.emptyGroup) { try RuleFilter.all([]).evaluate(e) }
        #expect(throws: RulesEngineError.emptyGroup) { try RuleFilter.any([]).evaluate(e) }
        #expect(throws: RulesEngineError.fieldNotAllowed("tag", .incomingCall)) {
            try RuleFilter.condition(FilterCondition(.tag, .is, ["x"])).evaluate(e)
        }
        #expect(throws: RulesEngineError.badArity("is")) { try RuleFilter.condition(FilterCondition(.site, .is, [])).evaluate(e) }
    }

    @Test func depth() {
        let c = RuleFilter.condition(FilterCondition(.site, .isEmpty))
        #expect(c.depth == 1)
        #expect(RuleFilter.all([c, .any([c])]).depth == 3)
    }
}
