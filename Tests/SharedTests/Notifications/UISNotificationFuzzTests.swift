import Foundation
import Testing
@testable import Shared

/// Generated inputs: the parser must never trap, and its answers must keep their invariants.
@Suite struct UISNotificationFuzzTests {
    static let names = Array(Set(UISCallEventType.allCases.flatMap(\.variables))).sorted() + ["event", "x", "", "é"]
    static let texts = ["", " ", "null", "0", "-1", "12", "1.5", "1e3", "79001234567", "8 (900) 123-45-67", "in", "out",
                        "lost_call", "2019-12-16 14:40:47.234", "2019-12-16 14:40:47.", "[1,2]", "a,b", "\"q\"", "\u{0}", "😀",
                        "call_session_id=5", "99999999999999999999", "true"]

    static func value(_ r: inout SeededRandom, depth: Int) -> JSONValue {
        switch Int.random(in: 0...(depth > 0 ? 7 : 5), using: &r) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &r))
        case 2: return .number(Double(Int.random(in: -1_000...10_000_000_000, using: &r)))
        case 3: return .number(Double.random(in: -1e20...1e20, using: &r))
        case 4, 5: return .string(texts.randomElement(using: &r)!)
        case 6: return .array((0..<Int.random(in: 0...3, using: &r)).map { _ in value(&r, depth: depth - 1) })
        default: return .object(object(&r, depth: depth - 1))
        }
    }

    static func object(_ r: inout SeededRandom, depth: Int) -> [String: JSONValue] {
        var o: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...8, using: &r) { o[names.randomElement(using: &r)!] = value(&r, depth: depth) }
        return o
    }

    static func checkInvariants(_ result: Result<CallNotification, UISNotificationError>) {
        switch result {
        case let .success(n):
            #expect(n.callSessionId > 0)
            #expect(n.orderingKey == "call:\(n.callSessionId)")
            #expect(n.deduplicationKey.hasPrefix("\(n.callSessionId):\(n.type.rawValue):"))
            #expect(Set(n.ruleEvent.parameters.keys).isSubset(of: TemplateCatalogue.calls.keys))
        case let .failure(e):
            #expect(!e.reason.isEmpty && e.reason.count < 80)
        }
    }

    @Test func randomBytesNeverTrap() {
        var r = SeededRandom(seed: 0x5EED_0001)
        var failures = 0
        for _ in 0..<3_000 {
            let bytes = JSONishBytes.random(&r)
            let result = Result { () throws(UISNotificationError) in try UISCallNotification.parse(body: Data(bytes)) }
            if case .failure = result { failures += 1 }
            Self.checkInvariants(result)
        }
        #expect(failures == 3_000, "random bytes never hold a known event and a call id")
    }

    @Test func randomObjectsNeverTrapAndValidOnesAlwaysParse() throws {
        var r = SeededRandom(seed: 0x5EED_0002)
        for i in 0..<2_000 {
            var o = Self.object(&r, depth: 4)
            let type = UISCallEventType.allCases.randomElement(using: &r)!
            let valid = i % 2 == 0
            if valid {
                o["event"] = .string(type.rawValue)
                o["call_session_id"] = Bool.random(using: &r) ? .number(Double(i + 1)) : .string(String(i + 1))
            }
            let data = try JSONEncoder().encode(JSONValue.object(o))
            let result = Result { () throws(UISNotificationError) in try UISCallNotification.parse(body: data) }
            Self.checkInvariants(result)
            if valid {
                #expect((try? result.get())?.type == type)
                #expect((try? result.get())?.callSessionId == Int64(i + 1))
            }
            let pairs = o.map { (name: $0.key, value: UISNotificationFields.scalarText($0.value) ?? "") }
            Self.checkInvariants(Result { () throws(UISNotificationError) in try UISCallNotification.parse(query: pairs) })
        }
    }

    @Test func mutatedSamplesNeverTrap() {
        var r = SeededRandom(seed: 0x5EED_0003)
        var parsed = 0
        for _ in 0..<2_000 {
            var bytes = Array(UISNotificationSamples.all.randomElement(using: &r)!.1.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &r) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &r)
                switch Int.random(in: 0...2, using: &r) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &r)
                case 1: bytes.remove(at: at)
                default: bytes = Array(bytes[..<at])
                }
            }
            let result = Result { () throws(UISNotificationError) in try UISCallNotification.parse(body: Data(bytes)) }
            if case .success = result { parsed += 1 }
            Self.checkInvariants(result)
        }
        #expect(parsed > 0, "small mutations sometimes leave a valid notification")
    }
}
