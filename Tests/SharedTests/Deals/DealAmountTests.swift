import Foundation
import Testing
@testable import Shared

/// The amount is a number or it is reported: never 0 for something unreadable.
struct DealAmountTests {
    @Test func numbersAndNumericTextAreAmounts() {
        #expect(DealAmount(.number(150_000)) == .value(150_000))
        #expect(DealAmount(.number(0)) == .value(0))
        #expect(DealAmount(.string("150000")) == .value(150_000))
        #expect(DealAmount(.string(" 150 000,50 ")) == .value(150_000.5))
        #expect(DealAmount(.string("1\u{00A0}250.75")) == .value(1250.75))
        #expect(DealAmount(.object(["value": .number(12)])) == .value(12))
    }

    @Test func absentNullAndBlankAreMissing() {
        #expect(DealAmount(nil) == .missing)
        #expect(DealAmount(.null) == .missing)
        #expect(DealAmount(.string("")) == .missing)
        #expect(DealAmount(.string("   ")) == .missing)
    }

    @Test func textAndOddValuesAreInvalidWithTheValueForTheReport() {
        #expect(DealAmount(.string("сто тысяч")) == .invalid("сто тысяч"))
        #expect(DealAmount(.string("12abc")) == .invalid("12abc"))
        #expect(DealAmount(.string("1.2.3")) == .invalid("1.2.3"))
        #expect(DealAmount(.string("-5")) == .invalid("-5"))
        #expect(DealAmount(.string("1e5")) == .invalid("1e5"))
        #expect(DealAmount(.string(".5")) == .invalid(".5"))
        #expect(DealAmount(.number(-1)) == .invalid("-1.0"))
        #expect(DealAmount(.bool(true)) == .invalid("true"))
        #expect(DealAmount(.array([])) == .invalid("a list"))
        #expect(DealAmount(.object(["id": 1, "name": "x"])) == .invalid("an object"))
    }

    @Test func aWonDealNeedsAnAmountAndAnInvalidOneIsNeverSent() throws {
        #expect(try DealChange.revenue(.value(10), stage: .success, fieldId: 120, taskId: 1) == 10)
        #expect(try DealChange.revenue(.missing, stage: .inProcess, fieldId: 120, taskId: 1) == nil)
        #expect(try DealChange.revenue(.missing, stage: .failed, fieldId: 120, taskId: 1) == nil)
        for (amount, stage) in [(DealAmount.missing, DealFunnel.StageKind.success), (.invalid("abc"), .inProcess), (.invalid("abc"), .failed)] {
            do {
                _ = try DealChange.revenue(amount, stage: stage, fieldId: 120, taskId: 7)
                Issue.record("\(amount) on \(stage) must be refused")
            } catch let failure as JobFailure {
                #expect(failure.kind == .permanent && failure.errorClass == "deal-amount")
                #expect(failure.message.contains("task 7") && failure.message.contains("120"))
            }
        }
    }
}
