import Foundation
import Testing
@testable import Shared

/// Generated inputs for the chat/lead parser, reusing the call fuzz tests' value generator: it must never trap,
/// and its answers must keep their invariants.
@Suite struct UISTextNotificationFuzzTests {
    typealias Fuzz = UISNotificationFuzzTests
    static let names = Array(Set(UISTextEventType.allCases.flatMap(\.variables))).sorted()
        + ["event", "call_session_id", "x", "", "é"]
    static let texts = Fuzz.texts + ["chat_started", "chat_tag_set", "lead_received", "chat", "offline_message", "call",
                                     "Звонки", "telegram", "a@b.c", "communication_id=5", "context=1"]

    static func object(_ r: inout SeededRandom, depth: Int) -> [String: JSONValue] {
        var o: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...10, using: &r) {
            o[names.randomElement(using: &r)!] = Bool.random(using: &r)
                ? .string(texts.randomElement(using: &r)!) : Fuzz.value(&r, depth: depth)
        }
        return o
    }

    static func checkInvariants(_ result: Result<TextNotification, UISNotificationError>) {
        switch result {
        case let .success(n):
            #expect(n.communicationId > 0)
            #expect(n.orderingKey == "\(n.flow.rawValue):\(n.communicationId)")
            #expect(n.deduplicationKey.hasPrefix("\(n.orderingKey):\(n.type.rawValue)"))
            #expect(n.flow == n.type.flow || n.type == .chatTagSet)
            #expect(n.tagIds.allSatisfy { $0 > 0 } && n.visitorId.map { $0 > 0 } != false)
            #expect(n.ruleEvent.flow.catalogue.keys.isSuperset(of: n.ruleEvent.parameters.keys))
        case let .failure(e):
            #expect(!e.reason.isEmpty && e.reason.count < 80)
        }
    }

    @Test func randomBytesNeverTrap() {
        var r = SeededRandom(seed: 0x7E47_0001)
        var failures = 0
        for _ in 0..<3_000 {
            let bytes = JSONishBytes.random(&r)
            let result = Result { () throws(UISNotificationError) in try UISTextNotification.parse(body: Data(bytes)) }
            if case .failure = result { failures += 1 }
            Self.checkInvariants(result)
        }
        #expect(failures == 3_000, "random bytes never hold a known event and a communication id")
    }

    @Test func randomObjectsNeverTrapAndValidOnesAlwaysParse() throws {
        var r = SeededRandom(seed: 0x7E47_0002)
        var parsed = 0
        for i in 0..<2_000 {
            var o = Self.object(&r, depth: 4)
            let type = UISTextEventType.allCases.randomElement(using: &r)!
            let valid = i % 2 == 0
            if valid {
                o["event"] = .string(type.rawValue)
                o["communication_id"] = Bool.random(using: &r) ? .number(Double(i + 1)) : .string(String(i + 1))
                o["communication_type"] = nil
            }
            let data = try JSONEncoder().encode(JSONValue.object(o))
            let result = Result { () throws(UISNotificationError) in try UISTextNotification.parse(body: data) }
            Self.checkInvariants(result)
            if case .success = result { parsed += 1 }
            if valid {
                #expect((try? result.get())?.type == type)
                #expect((try? result.get())?.communicationId == Int64(i + 1))
            }
            let pairs = o.map { (name: $0.key, value: UISNotificationFields.scalarText($0.value) ?? "") }
            Self.checkInvariants(Result { () throws(UISNotificationError) in try UISTextNotification.parse(query: pairs) })
        }
        #expect(parsed >= 1_000)
    }

    @Test func mutatedSamplesNeverTrap() {
        var r = SeededRandom(seed: 0x7E47_0003)
        var parsed = 0
        for _ in 0..<2_000 {
            var bytes = Array(UISTextNotificationSamples.all.randomElement(using: &r)!.1.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &r) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &r)
                switch Int.random(in: 0...2, using: &r) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &r)
                case 1: bytes.remove(at: at)
                default: bytes = Array(bytes[..<at])
                }
            }
            let result = Result { () throws(UISNotificationError) in try UISTextNotification.parse(body: Data(bytes)) }
            if case .success = result { parsed += 1 }
            Self.checkInvariants(result)
        }
        #expect(parsed > 0, "small mutations sometimes leave a valid notification")
    }
}
