import Testing
@testable import Shared

@Suite struct GeneratedRulesTests {
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func renderingNeverFailsAndIsDeterministic(_ seed: UInt64) {
        var rng = RulesRandom(seed: seed)
        for _ in 0..<400 {
            let flow = rng.pick(RuleFlow.allCases)
            let event = rng.event(flow)
            let text = rng.chance(0.7) ? rng.template(flow, valid: rng.chance(0.5)) : rng.text(maxParts: 8)
            let max = rng.int(5...200)
            let out = MessageTemplate(text).render(event, maxLength: max)
            #expect(out == MessageTemplate(text).render(event, maxLength: max))
            #expect(out.count <= max, "\(out)")
            #expect(!out.contains("<") && !out.contains(">") && !out.contains("\n") && !out.contains("  "), "\(out)")
            #expect(!out.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(out)")
            #expect(out == out.trimmingCharacters(in: .whitespaces))
            for slot in TemplateSlot.allCases where slot.flow == flow {
                #expect(!slot.render(text, event).isEmpty)
            }
        }
    }

    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func filterEvaluationIsTotalAndConsistent(_ seed: UInt64) throws {
        var rng = RulesRandom(seed: seed)
        var passed = 0, rejected = 0
        for _ in 0..<400 {
            let flow = rng.pick(RuleFlow.allCases)
            let event = rng.event(flow)
            let f = rng.filter(flow)
            let result = try f.evaluate(event)
            #expect(try f.evaluate(event) == result)
            if result { passed += 1 } else { rejected += 1 }
            // Group semantics against the children.
            switch f {
            case let .all(items): #expect(try result == items.allSatisfy { try $0.evaluate(event) })
            case let .any(items): #expect(try result == items.contains { try $0.evaluate(event) })
            case let .condition(c):
                let empty = try RuleFilter.condition(FilterCondition(c.field, .isEmpty)).evaluate(event)
                #expect(try RuleFilter.condition(FilterCondition(c.field, .isNotEmpty)).evaluate(event) == !empty)
                if !c.values.isEmpty, c.op == .is {
                    #expect(try RuleFilter.condition(FilterCondition(c.field, .isNot, c.values)).evaluate(event) == !result)
                }
            }
            // Invalid filters throw rather than answer.
            let maybeBad = rng.filter(flow, valid: false)
            _ = try? maybeBad.evaluate(event)
        }
        #expect(passed > 20 && rejected > 20, "the generator exercises both outcomes: \(passed)/\(rejected)")
    }
}
