import Foundation
import Testing
@testable import Shared

@Suite struct UISTextNotificationRejectionTests {
    typealias S = UISTextNotificationSamples

    static func code(_ json: String) -> UISNotificationError.Code? { S.error(Data(json.utf8))?.code }

    @Test(arguments: [
        (#"{"communication_id":1}"#, UISNotificationError.Code.missingEvent),
        (#"{"event":null,"communication_id":1}"#, .missingEvent),
        (#"{"event":"","communication_id":1}"#, .missingEvent),
        (#"{"event":"lost_call","communication_id":1,"call_session_id":1}"#, .unknownEvent),
        (#"{"event":"chat_message","communication_id":1}"#, .unknownEvent),
        (#"{"event":7,"communication_id":1}"#, .unknownEvent),
        (#"{"event":"chat_started"}"#, .missingCommunicationId),
        (#"{"event":"chat_started","visitor_id":98765432}"#, .missingCommunicationId),
        (#"{"event":"chat_started","communication_id":null,"visitor_id":98765432}"#, .missingCommunicationId),
        (#"{"event":"lead_received","communication_id":"  "}"#, .missingCommunicationId),
        (#"{"event":"lead_received","communication_id":{"id":1}}"#, .missingCommunicationId),
        (#"{"event":"lead_received","communication_id":0}"#, .invalidCommunicationId),
        (#"{"event":"lead_received","communication_id":"-12"}"#, .invalidCommunicationId),
        (#"{"event":"lead_received","communication_id":2.5}"#, .invalidCommunicationId),
        (#"{"event":"lead_received","communication_id":"abc"}"#, .invalidCommunicationId),
        (#"{"event":"lead_received","communication_id":1e300}"#, .invalidCommunicationId),
        (#"{"event":"chat_tag_set","communication_id":1,"communication_type":"call"}"#, .notTextCommunication),
        (#"{"event":"chat_tag_set","communication_id":1,"communication_type":"Электронные письма"}"#, .notTextCommunication),
        (#"{"event":"chat_started","communication_id":1,"communication_type":"Звонки"}"#, .notTextCommunication),
        ("not json", .notJSON),
        ("", .notJSON),
        (#"{"event":"chat_started","communication_id":1"#, .notJSON),
        (#"[{"event":"chat_started","communication_id":1}]"#, .notObject),
        ("null", .notObject),
    ])
    func rejected(_ json: String, _ expected: UISNotificationError.Code) {
        #expect(Self.code(json) == expected)
    }

    @Test func checksRunInOrderEventThenCommunicationId() {
        #expect(Self.code("{}") == .missingEvent)
        #expect(Self.code(#"{"event":"nope"}"#) == .unknownEvent)
        #expect(S.error(Data(#"{"event":"nope"}"#.utf8))?.reason.contains("chat or lead") == true)
    }

    @Test func callEventsAndTextEventsDoNotCrossParse() {
        #expect((try? UISCallNotification.parse(body: Data(UISTextNotificationSamples.chatStarted.utf8))) == nil)
        #expect(Self.code(UISNotificationSamples.lostCall) == .unknownEvent)
    }

    @Test func tooBigAndTooDeepBodiesAreRefusedBeforeParsing() {
        let filler = String(repeating: "x", count: UISNotificationAssumptions.maxBodyBytes)
        #expect(S.error(Data(#"{"event":"chat_started","communication_id":1,"text":"\#(filler)"}"#.utf8))?.code == .tooLarge)
        func nested(_ depth: Int) -> Data {
            let inner = String(repeating: "{\"a\":", count: depth - 1) + "1" + String(repeating: "}", count: depth - 1)
            return Data(#"{"event":"chat_started","communication_id":1,"x":\#(inner)}"#.utf8)
        }
        #expect(S.error(nested(16)) == nil)
        #expect(S.error(nested(17))?.code == .tooDeep)
        #expect(S.error(Data(String(repeating: "{", count: 60_000).utf8))?.code == .tooDeep)
    }

    @Test func reasonsAreShortAndNeverEchoTheBody() {
        let secret = "SECRET-79001234567-token"
        let bodies = [#"{"event":"\#(secret)","communication_id":1}"#, #"{"event":"chat_started","communication_id":"\#(secret)"}"#,
                      #"{"event":"chat_tag_set","communication_id":1,"communication_type":"call","visitor_name":"\#(secret)"}"#,
                      "\(secret) not json", #"{"communication_id":"\#(secret)"}"#]
        for body in bodies {
            let e = S.error(Data(body.utf8))
            #expect(e != nil)
            #expect(e.map { !$0.reason.contains("SECRET") && !$0.description.contains("7900") && $0.reason.count < 80 } == true)
        }
    }

    @Test func emptyGetQueryAndEmptyBodyAreRejected() {
        #expect(throws: UISNotificationError.self) { try UISTextNotification.parse(body: Data(), query: []) }
        do { _ = try UISTextNotification.parse(body: Data("  \n".utf8), query: []); Issue.record("accepted") } catch {
            #expect(error.code == .emptyQuery)
        }
        do { _ = try UISTextNotification.parse(query: [("event", "chat_started"), ("communication_id", "null")]); Issue.record("accepted") } catch {
            #expect(error.code == .missingCommunicationId)
        }
        do { _ = try UISTextNotification.parse(query: [("event", "chat_started"), ("visitor_id", "5")]); Issue.record("accepted") } catch {
            #expect(error.code == .missingCommunicationId)
        }
    }
}
