import Foundation
import Testing
@testable import Shared

@Suite struct UISNotificationParseTests {
    typealias S = UISNotificationSamples

    @Test func capturedCallFinishedPayload() throws {
        let n = try S.parse(S.capturedCallFinished)
        #expect(n.type == .callFinished)
        #expect(n.callSessionId == 998_677_427)
        #expect(n.notificationName == "crm-out")
        #expect(n.notificationTimeRaw == "2019-12-16 14:40:47.234")
        #expect(n.notificationTimeMs == 1_576_496_447_234)
        #expect(n.virtualNumber == CallNotification.Phone(raw: "78633109653"))
        #expect(n.virtualNumber?.e164 == "+78633109653")
        #expect(n.contactNumber?.e164 == "+79508418541")
        #expect(n.contactNumber?.raw == "79508418541")
        #expect(n.employeeId == 323_409 && n.employeeName == "…" && n.lastTalkedEmployeeId == 323_409)
        #expect(n.callSource == "va" && n.direction == .incoming && n.directionRaw == "in")
        #expect(n.scenarioName == "…")
        #expect(n.talkDuration == 12 && n.totalDuration == 23 && n.waitDuration == 11)
        #expect(n.tagNames.isEmpty && n.externalId == nil && n.isTransfer == false)
        #expect(n.payloadVersion == CallNotification.payloadVersion)
    }

    @Test func incomingCallWithStringIdAndFormattedPhone() throws {
        let n = try S.parse(S.incomingCall)
        #expect(n.type == .incomingCall && n.callSessionId == 3_456_789_012)
        #expect(n.contactNumber?.raw == "8 (900) 123-45-67" && n.contactNumber?.e164 == "+79001234567")
        #expect(n.communicationNumber == "1")
        #expect(n.contactId == nil && n.contactName == nil)
        #expect(n.direction == .incoming && n.directionRaw == nil, "direction implied by the event type")
        #expect(n.notificationMnemonic == "unknown_mnemonic")
        #expect(n.notificationTimeMs == 1_709_622_930_120)
        #expect(n.scenarioName == "Основной")
    }

    @Test func waitingForAnswerWithNumbersAsStringsAndStringsAsNumbers() throws {
        let n = try S.parse(S.waitingForAnswer)
        #expect(n.type == .waitingForAnswer)
        #expect(n.virtualNumber?.raw == "74951234567" && n.virtualNumber?.e164 == "+74951234567")
        #expect(n.employeeId == 5001 && n.contactId == 88 && n.legId == 777_001)
        #expect(n.notificationMnemonic == nil && n.externalId == nil)
        #expect(n.notificationTimeMs == 1_709_622_931_000)
        #expect(n.employeeName == "Анна Смирнова")
    }

    @Test func talkStartedAndFinishedLegs() throws {
        let started = try S.parse(S.talkStarted)
        #expect(started.type == .talkStarted && started.legIds == [777_001] && started.legId == nil)
        #expect(started.externalId == "crm-77")
        #expect(started.notificationTimeMs == 1_709_622_940_500)
        let finished = try S.parse(S.talkFinished)
        #expect(finished.type == .talkFinished && finished.legIds == [777_001])
        #expect(finished.talkDuration == 65 && finished.communicationNumber == "2")
        #expect(finished.callSessionId == started.callSessionId)
    }

    @Test func lostCallEmployees() throws {
        let n = try S.parse(S.lostCall)
        #expect(n.type == .lostCall && n.employeeIds == [5001, 5002] && n.employeeId == nil)
        #expect(n.waitDuration == 31 && n.contactName == "Иван Петров" && n.contactId == 91)
        #expect(n.direction == .incoming)
    }

    @Test func recordingReady() throws {
        let n = try S.parse(S.recordingReady)
        #expect(n.type == .recordingReady)
        #expect(n.fileLink == "https://media.uiscom.ru/rec/abc.mp3?x=1" && n.fileDuration == 65)
        #expect(n.tagIds == [1, 2] && n.tagNames == ["Целевой", "Новый"])
        #expect(n.notificationTimeMs == 1_709_623_022_999)
    }

    @Test func outgoingCallWithNumericPhoneAndExtension() throws {
        let n = try S.parse(S.outgoingCall)
        #expect(n.type == .outgoingCall && n.direction == .outgoing && n.ruleFlow == .outgoingCall)
        #expect(n.contactNumber?.raw == "79001234567" && n.contactNumber?.e164 == "+79001234567")
        #expect(n.employeePhone?.raw == "101" && n.employeePhone?.e164 == nil, "an extension is not a phone")
    }

    @Test func everySampleParsesAsItsType() throws {
        for (type, json) in S.all { #expect(try S.parse(json).type == type) }
    }

    @Test func eventDiscriminatorIsTolerantOfCaseAndSpaces() throws {
        let n = try S.parse(#"{"event":" Lost_Call ","call_session_id":5}"#)
        #expect(n.type == .lostCall && n.callSessionId == 5)
    }

    @Test func explicitDirectionWinsAndUnreadableOnesFallBack() throws {
        #expect(try S.parse(#"{"event":"incoming_call","call_session_id":5,"direction":"out"}"#).direction == .outgoing)
        let n = try S.parse(#"{"event":"talk_started","call_session_id":5,"direction":"sideways"}"#)
        #expect(n.direction == nil && n.directionRaw == "sideways")
    }

    @Test func badOptionalValuesAreDroppedNotFatal() throws {
        let n = try S.parse(#"""
        {"event":"call_finished","call_session_id":"7","employee_id":"abc","talk_time_duration":-5,"leg_id":0,
         "notification_time":"2019-02-30 10:00:00","tag_names":"A, B ,,","contact_phone_number":"","is_transfer":"maybe"}
        """#)
        #expect(n.employeeId == nil && n.talkDuration == nil && n.legId == nil)
        #expect(n.notificationTimeRaw == "2019-02-30 10:00:00" && n.notificationTimeMs == nil)
        #expect(n.tagNames == ["A", "B"] && n.contactNumber == nil && n.isTransfer == nil)
    }

    @Test func bodyIsParsedRegardlessOfLeadingWhitespaceAndBOMlessUTF8() throws {
        let n = try UISCallNotification.parse(body: Data(("\n  " + S.lostCall + "\n").utf8), query: [])
        #expect(n.type == .lostCall)
    }

    // MARK: GET variant

    @Test func getVariantQueryPairs() throws {
        let q: [(name: String, value: String)] = [
            ("event", "lost_call"), ("notification_name", "lost"), ("virtual_phone_number", "74951234567"),
            ("notification_time", "2024-03-05 11:00:00"), ("employee_ids", "5001,5002"), ("contact_id", "null"),
            ("contact_full_name", "\"Иван Петров\""), ("call_session_id", "3456790000"), ("wait_time_duration", "31"),
            ("extra", "ignored"),
        ]
        let n = try UISCallNotification.parse(body: Data(), query: q)
        #expect(n.type == .lostCall && n.callSessionId == 3_456_790_000)
        #expect(n.employeeIds == [5001, 5002] && n.contactId == nil && n.contactName == "Иван Петров")
        #expect(n.waitDuration == 31 && n.virtualNumber?.e164 == "+74951234567")
        #expect(n.notificationTimeMs == 1_709_625_600_000)
    }

    @Test func getVariantWithMissingAmpersands() throws {
        let q: [(name: String, value: String)] = [
            ("event", "call_finished"),
            ("notification_time", "2019-12-16 14:40:47.234call_session_id=998677427"),
            ("employee_id", "323409talk_time_duration=12contact_phone_number=79508418541"),
            ("file_link", "https://media.example/x?call_session_id=1"),
        ]
        let n = try UISCallNotification.parse(query: q)
        #expect(n.callSessionId == 998_677_427 && n.notificationTimeMs == 1_576_496_447_234)
        #expect(n.employeeId == 323_409 && n.talkDuration == 12 && n.contactNumber?.e164 == "+79508418541")
        #expect(n.fileLink == "https://media.example/x?call_session_id=1", "a URL's own query is not split")
    }

    @Test func getVariantListAsJSONArrayText() throws {
        let n = try UISCallNotification.parse(query: [("event", "talk_started"), ("call_session_id", "9"), ("leg_ids", "[11, 12]")])
        #expect(n.legIds == [11, 12])
    }

    @Test func codableRoundTripAsJobPayload() throws {
        for (_, json) in S.all {
            let n = try S.parse(json)
            let back = try JSONValue(encoding: n).decode(CallNotification.self)
            #expect(back == n)
            #expect(back.isCurrentVersion)
        }
        var old = try S.parse(S.lostCall)
        old.payloadVersion = 0
        #expect(try JSONValue(encoding: old).decode(CallNotification.self).isCurrentVersion == false)
    }
}
