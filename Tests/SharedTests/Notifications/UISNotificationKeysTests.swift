import Foundation
import Testing
@testable import Shared

@Suite struct UISNotificationKeysTests {
    typealias S = UISNotificationSamples

    @Test func duplicateDeliveryHasTheSameDeduplicationKey() throws {
        for (_, json) in S.all {
            #expect(try S.parse(json).deduplicationKey == S.parse(json).deduplicationKey)
        }
        // A re-delivery may differ in notification_time and formatting but is the same notification.
        let again = S.waitingForAnswer.replacingOccurrences(of: "10:15:31", with: "10:15:33")
            .replacingOccurrences(of: #""leg_id":777001"#, with: #""leg_id":"777001""#)
        #expect(try S.parse(again).deduplicationKey == S.parse(S.waitingForAnswer).deduplicationKey)
        #expect(try S.parse(S.waitingForAnswer).deduplicationKey == "3456789012:waiting_for_answer:leg777001")
    }

    @Test func groupRingLegsOfTwoEmployeesStayDistinct() throws {
        let other = S.waitingForAnswer.replacingOccurrences(of: #""employee_id":"5001""#, with: #""employee_id":5002"#)
            .replacingOccurrences(of: "777001", with: "777002")
        let a = try S.parse(S.waitingForAnswer), b = try S.parse(other)
        #expect(a.callSessionId == b.callSessionId && a.deduplicationKey != b.deduplicationKey)
        #expect(a.orderingKey == b.orderingKey)
    }

    @Test func legFallsBackToEmployeeThenDash() throws {
        let byEmployee = try S.parse(#"{"event":"talk_finished","call_session_id":9,"employee_id":5001}"#)
        let byOther = try S.parse(#"{"event":"talk_finished","call_session_id":9,"employee_id":5002}"#)
        let bare = try S.parse(#"{"event":"talk_finished","call_session_id":9}"#)
        #expect(byEmployee.deduplicationKey == "9:talk_finished:emp5001")
        #expect(byEmployee.deduplicationKey != byOther.deduplicationKey)
        #expect(bare.deduplicationKey == "9:talk_finished:-")
        let legs = try S.parse(#"{"event":"talk_started","call_session_id":9,"leg_ids":[12,11],"employee_id":5001}"#)
        #expect(legs.deduplicationKey == "9:talk_started:leg11+12")
    }

    @Test func differentEventsOfOneCallShareTheOrderingKeyButNotTheDeduplicationKey() throws {
        let call = try [S.incomingCall, S.waitingForAnswer, S.talkStarted, S.talkFinished, S.recordingReady].map(S.parse)
        #expect(Set(call.map(\.orderingKey)) == ["call:3456789012"])
        #expect(Set(call.map(\.deduplicationKey)).count == call.count)
        #expect(try S.parse(S.lostCall).orderingKey == "call:3456790000")
    }

    @Test func ruleEventUsesCanonicalParameterNames() throws {
        let e = try S.parse(S.capturedCallFinished).ruleEvent
        #expect(e.flow == .incomingCall)
        #expect(Set(e.parameters.keys).isSubset(of: TemplateCatalogue.calls.keys))
        #expect(e.value("caller_number") == "+79508418541")
        #expect(e.value("virtual_number") == "+78633109653")
        #expect(e.value("call_id") == "998677427")
        #expect(e.value("scenario_name") == "…" && e.value("employee_name") == "…")
        #expect(e.value("duration") == "12" && e.value("wait_duration") == "11")
        #expect(e.value("direction") == "in" && e.value("date_time") == "2019-12-16 14:40:47.234")
        #expect(e.value("tags") == nil)
    }

    @Test func ruleEventForEveryTypeStaysInTheCatalogue() throws {
        for (_, json) in S.all {
            let e = try S.parse(json).ruleEvent
            #expect(Set(e.parameters.keys).isSubset(of: TemplateCatalogue.calls.keys))
            #expect(e.value("call_id") != nil)
        }
        let rec = try S.parse(S.recordingReady).ruleEvent
        #expect(rec.value("tags") == "Целевой, Новый" && rec.value("contact_name") == "Пётр")
        #expect(try S.parse(S.outgoingCall).ruleEvent.flow == .outgoingCall)
        let raw = try S.parse(#"{"event":"incoming_call","call_session_id":1,"contact_phone_number":"anonymous"}"#).ruleEvent
        #expect(raw.value("caller_number") == "anonymous", "an unrecognised number is passed on raw")
    }
}
