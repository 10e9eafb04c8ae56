import Foundation
import Testing
@testable import Shared

@Suite struct UISNotificationRejectionTests {
    typealias S = UISNotificationSamples

    static func code(_ json: String) -> UISNotificationError.Code? { S.error(Data(json.utf8))?.code }

    @Test(arguments: [
        (#"{"call_session_id":1}"#, UISNotificationError.Code.missingEvent),
        (#"{"event":null,"call_session_id":1}"#, .missingEvent),
        (#"{"event":"  ","call_session_id":1}"#, .missingEvent),
        (#"{"event":"chat_started","call_session_id":1}"#, .unknownEvent),
        (#"{"event":42,"call_session_id":1}"#, .unknownEvent),
        (#"{"event":"lost_call"}"#, .missingCallSessionId),
        (#"{"event":"lost_call","call_session_id":null}"#, .missingCallSessionId),
        (#"{"event":"lost_call","call_session_id":""}"#, .missingCallSessionId),
        (#"{"event":"lost_call","call_session_id":0}"#, .invalidCallSessionId),
        (#"{"event":"lost_call","call_session_id":-3}"#, .invalidCallSessionId),
        (#"{"event":"lost_call","call_session_id":1.5}"#, .invalidCallSessionId),
        (#"{"event":"lost_call","call_session_id":"abc"}"#, .invalidCallSessionId),
        (#"{"event":"lost_call","call_session_id":[1]}"#, .missingCallSessionId),
        (#"{"event":"lost_call","call_session_id":1e300}"#, .invalidCallSessionId),
        ("not json", .notJSON),
        ("", .notJSON),
        (#"{"event":"lost_call","call_session_id":1"#, .notJSON),
        (#"{"event" "lost_call"}"#, .notJSON),
        (#"{"event":"lost_call","call_session_id":1}}"#, .notJSON),
        ("{\"event\":\"lost_call\",\"call_session_id\":1}\u{FF}", .notJSON),
        (#"[{"event":"lost_call","call_session_id":1}]"#, .notObject),
        (#""lost_call""#, .notObject),
        ("42", .notObject),
    ])
    func rejected(_ json: String, _ expected: UISNotificationError.Code) {
        #expect(Self.code(json) == expected)
    }

    @Test func aTrailingCommaIsTolerated() {
        #expect(Self.code(#"{"event":"lost_call","call_session_id":1,}"#) == nil)
    }

    @Test func missingEventIsCheckedBeforeCallSessionId() {
        #expect(Self.code("{}") == .missingEvent)
    }

    @Test func tooBigBodyIsRefusedBeforeParsing() {
        let filler = String(repeating: "x", count: UISNotificationAssumptions.maxBodyBytes)
        let body = Data(#"{"event":"lost_call","call_session_id":1,"pad":"\#(filler)"}"#.utf8)
        #expect(S.error(body)?.code == .tooLarge)
        let atLimit = Data((#"{"event":"lost_call","call_session_id":1}"# + String(repeating: " ", count: 100)).utf8)
        #expect(S.error(atLimit) == nil)
    }

    @Test func nestingLimit() {
        func nested(_ depth: Int) -> Data {
            let inner = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
            return Data(#"{"event":"lost_call","call_session_id":1,"x":\#(inner)}"#.utf8)
        }
        #expect(S.error(nested(16)) == nil, "16 levels including the root object are allowed")
        #expect(S.error(nested(17))?.code == .tooDeep)
        #expect(S.error(Data((String(repeating: "[", count: 60_000)).utf8))?.code == .tooDeep)
        #expect(S.error(Data(#"{"event":"lost_call","call_session_id":1,"s":"[[[[[[[[[[[[[[[[[[[[[[[[\"{{{{{{{{{{{{{{{{{{{{"}"#.utf8)) == nil,
                "brackets inside strings do not count")
    }

    @Test func reasonsAreShortAndNeverEchoTheBody() {
        let secret = "SECRET-79001234567-token"
        let bodies = [#"{"event":"\#(secret)","call_session_id":1}"#, #"{"event":"lost_call","call_session_id":"\#(secret)"}"#,
                      "\(secret) not json", #"["\#(secret)"]"#, #"{"call_session_id":"\#(secret)"}"#]
        for body in bodies {
            let e = S.error(Data(body.utf8))
            #expect(e != nil)
            #expect(e.map { !$0.reason.contains("SECRET") && !$0.description.contains("7900") && $0.reason.count < 80 } == true)
        }
    }

    @Test func emptyGetQueryAndEmptyBodyAreRejected() {
        #expect(throws: UISNotificationError.self) { try UISCallNotification.parse(body: Data(), query: []) }
        do { _ = try UISCallNotification.parse(body: Data("  \n".utf8), query: []) } catch {
            #expect(error.code == .emptyQuery)
        }
        #expect((try? UISCallNotification.parse(query: [("event", "lost_call")])) == nil)
        do { _ = try UISCallNotification.parse(query: [("event", "lost_call"), ("call_session_id", "null")]) } catch {
            #expect(error.code == .missingCallSessionId)
        }
    }

    @Test func everyErrorCodeHasADistinctReason() {
        let all: [UISNotificationError] = [.tooLarge, .tooDeep, .notJSON, .notObject, .emptyQuery, .missingEvent, .unknownEvent,
                                           .missingCallSessionId, .invalidCallSessionId, .unknownTextEvent,
                                           .missingCommunicationId, .invalidCommunicationId, .notTextCommunication]
        #expect(Set(all.map(\.code)) == Set(UISNotificationError.Code.allCases))
        #expect(Set(all.map(\.reason)).count == all.count)
    }
}
