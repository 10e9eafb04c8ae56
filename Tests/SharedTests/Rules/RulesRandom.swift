@testable import Shared

/// The rules engine's generated tests draw from `SeededRandom` with these helpers.
typealias RulesRandom = SeededRandom

extension SeededRandom {

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    static let fragments = ["a.ru", "Яндекс Директ", "google", "Весна", " ", "  ", "-", " - ", ",", "(", ")", "«", "»", "<b>", ">",
                            "\n", "\t", "\u{0}", "\u{7}", "\u{200B}", "{{", "}}", "{{site}}", "+7 (495) 123-45-67", "84951234567",
                            "101", "доб. 5", "telegram", "Целевой, Доставка", "https://x.ru/a?b=c", "😀", "é", "0", "-1.5", "2024-02-29 10:00"]

    mutating func text(maxParts: Int = 5) -> String {
        (0..<int(0...maxParts)).map { _ in pick(Self.fragments) }.joined()
    }

    mutating func event(_ flow: RuleFlow) -> RuleEvent {
        var p: [String: String] = [:]
        for key in flow.catalogue.keys where chance(0.6) { p[key] = text() }
        if chance(0.3) { p[RuleEvent.personalManagerKey] = pick(["1", "2", "99", "x", ""]) }
        return RuleEvent(flow: flow, parameters: p)
    }

    mutating func condition(_ flow: RuleFlow, anyField: Bool = false) -> FilterCondition {
        let field = anyField ? pick(FilterField.allCases) : pick(FilterField.allowed(in: flow))
        let op = pick(FilterOperator.allCases)
        let count = op.arity.upperBound == 0 ? 0 : op.arity.lowerBound == op.arity.upperBound ? 1 : int(1...3)
        let values = (0..<count).map { _ in pick(["a.ru", "Яндекс Директ", "+74951234567", "8 800 555 35 35", "telegram", "Целевой", "x"]) }
        return FilterCondition(field, op, values)
    }

    /// A filter; with `valid` false it may contain empty groups and fields the flow does not offer.
    mutating func filter(_ flow: RuleFlow, depth: Int = 1, valid: Bool = true) -> RuleFilter {
        if depth >= 4 || chance(0.45) { return .condition(condition(flow, anyField: !valid && chance(0.1))) }
        let n = !valid && chance(0.1) ? 0 : int(1...3)
        let items = (0..<n).map { _ in filter(flow, depth: depth + 1, valid: valid) }
        return chance(0.5) ? .all(items) : .any(items)
    }

    mutating func template(_ flow: RuleFlow, valid: Bool = true) -> String {
        (0..<int(0...6)).map { _ -> String in
            if chance(0.5) { return "{{\(pick(Array(flow.catalogue.keys).sorted()))}}" }
            if !valid, chance(0.15) { return pick(["{{foo}}", "{{", "{{a b}}", "{{visitor_email}}"]) }
            return pick(["Звонок", " от ", " - ", ", ", " (", ")", " на ", "Заявка", " | ", " "])
        }.joined()
    }
}
