import Foundation
import Testing
@testable import Shared

/// Drives `CallPopupPlanner` through whole calls: employees 11, 12, 13 have extensions 101, 102, 103; 99 has none.
struct CallPopupPlannerTests {
    static let t0: Int64 = 1_700_000_000_000
    static let extensions: [Int64: String] = [11: "101", 12: "102", 13: "103"]

    /// One call: its state, the clock, and the notifications fed so far (for re-delivery checks).
    struct Call {
        var state = CallState(callSessionId: 777)
        var now = CallPopupPlannerTests.t0
        var phone: String? = "+7 (910) 123-45-67"
        var direction: UISCallDirection = .incoming
        var delivered: [CallNotification] = []

        func note(_ type: UISCallEventType, employee: Int64? = nil, leg: Int64? = nil, talk: Int64? = nil,
                  file: String? = nil, employees: [Int64] = [], sentAt: Int64? = nil) -> CallNotification {
            var n = CallNotification(type: type, callSessionId: 777)
            n.direction = type.impliedDirection ?? direction
            n.contactNumber = phone.map(CallNotification.Phone.init(raw:))
            n.virtualNumber = .init(raw: "74993720692")
            n.notificationTimeMs = sentAt ?? now
            n.employeeId = employee
            n.legId = leg
            n.talkDuration = talk
            n.fileLink = file
            n.employeeIds = employees
            return n
        }

        mutating func feed(_ n: CallNotification, data: [String: String] = [:]) -> [TelephonyCommand] {
            delivered.append(n)
            return CallPopupPlanner.plan(n, state: &state, extensionOf: { CallPopupPlannerTests.extensions[$0] }, now: now, data: data)
        }

        mutating func on(_ type: UISCallEventType, employee: Int64? = nil, leg: Int64? = nil, talk: Int64? = nil,
                         file: String? = nil, employees: [Int64] = [], sentAt: Int64? = nil,
                         data: [String: String] = [:]) -> [TelephonyCommand] {
            feed(note(type, employee: employee, leg: leg, talk: talk, file: file, employees: employees, sentAt: sentAt), data: data)
        }

        /// Feeds every notification again, in order and reversed: nothing new may come out, the state must not move.
        mutating func redeliverAll() -> [TelephonyCommand] {
            let before = state
            let all = delivered + delivered.reversed()
            let out = all.flatMap { feed($0) }
            #expect(state == before)
            return out
        }
    }

    static func ev(_ kind: PlanfixCallEvent.Kind, _ ext: String?, _ status: PlanfixCallEvent.Status? = nil, out: Bool = false,
                   duration: Int? = nil, recorded: Bool? = nil, link: String? = nil, data: [String: String] = [:]) -> TelephonyCommand {
        let closedUnanswered = kind == .completed && status != .success
        return .event(PlanfixCallEvent(direction: out ? .outgoing : .incoming, kind: kind, phone: "79101234567", ext: ext, callId: "777",
                                       diversion: "74993720692", duration: closedUnanswered ? 0 : duration,
                                       isRecorded: closedUnanswered ? false : recorded, status: status, recordLink: link, data: data))
    }

    @Test func groupRingAnswered() {
        var c = Call()
        #expect(c.on(.incomingCall) == [])
        #expect(c.on(.waitingForAnswer, employee: 11, leg: 1) == [Self.ev(.incoming, "101")])
        #expect(c.on(.waitingForAnswer, employee: 12, leg: 2) == [Self.ev(.incoming, "102")])
        #expect(c.on(.waitingForAnswer, employee: 13, leg: 3) == [Self.ev(.incoming, "103")])
        #expect(c.state.ringing == ["101", "102", "103"])
        #expect(c.on(.talkStarted, employee: 12) == [Self.ev(.accepted, "102"), Self.ev(.completed, "101", .cancelled),
                                                     Self.ev(.completed, "103", .cancelled)])
        #expect(c.state.ringing.isEmpty && c.state.talking == "102")
        #expect(c.on(.talkFinished, employee: 12, talk: 150) == [])
        #expect(c.on(.callFinished, employee: 12, talk: 154, data: ["utm_source": "site.io"])
                == [Self.ev(.completed, "102", .success, duration: 154, recorded: true, data: ["utm_source": "site.io"])])
        #expect(c.state.completed && c.state.talking == nil && c.state.talked == ["102"])
        #expect(c.redeliverAll() == [])
    }

    @Test func sequentialHuntKeepsEarlierPopupsUntilTheAnswer() {
        var c = Call()
        #expect(c.on(.waitingForAnswer, employee: 11, leg: 1) == [Self.ev(.incoming, "101")])
        c.now += 20_000
        #expect(c.on(.waitingForAnswer, employee: 12, leg: 2) == [Self.ev(.incoming, "102")])
        c.now += 20_000
        #expect(c.on(.waitingForAnswer, employee: 11, leg: 3) == [], "second round: 101's popup is still open")
        #expect(c.on(.talkStarted, employee: 11) == [Self.ev(.accepted, "101"), Self.ev(.completed, "102", .cancelled)])
        #expect(c.on(.callFinished, employee: 11, talk: 0) == [Self.ev(.completed, "101", .success, duration: 0, recorded: false)])
    }

    @Test func nobodyAnswersThenLostCallWritesMissedOnce() {
        var c = Call()
        _ = c.on(.waitingForAnswer, employee: 11, leg: 1)
        _ = c.on(.waitingForAnswer, employee: 12, leg: 2)
        let missed = [Self.ev(.completed, "101", .missed), Self.ev(.completed, "102", .missed), Self.ev(.completed, "103", .missed)]
        #expect(c.on(.lostCall, employees: [11, 12, 13, 99]) == missed)
        #expect(c.state.unmappedEmployees == [99])
        #expect(c.on(.callFinished, talk: 0) == [], "the history is written once")
        #expect(c.redeliverAll() == [])

        var d = Call()
        _ = d.on(.waitingForAnswer, employee: 11, leg: 1)
        #expect(d.on(.callFinished, talk: 0) == [Self.ev(.completed, "101", .missed)])
        #expect(d.on(.lostCall, employees: [11, 12]) == [])

        var nobodyRang = Call()
        #expect(nobodyRang.on(.incomingCall) == [])
        #expect(nobodyRang.on(.lostCall) == [Self.ev(.completed, nil, .missed)])
    }

    @Test func outgoingAnswered() {
        var c = Call(direction: .outgoing)
        #expect(c.on(.outgoingCall, employee: 11) == [Self.ev(.outgoing, "101", out: true)])
        #expect(c.state.ringing == ["101"])
        #expect(c.on(.talkStarted, employee: 11) == [Self.ev(.accepted, "101", out: true)])
        #expect(c.on(.callFinished, employee: 11, talk: 42)
                == [Self.ev(.completed, "101", .success, out: true, duration: 42, recorded: true)])
    }

    @Test func outgoingNotAnsweredIsNoAnswer() {
        var c = Call(direction: .outgoing)
        _ = c.on(.outgoingCall, employee: 11)
        #expect(c.on(.callFinished, employee: 11, talk: 0) == [Self.ev(.completed, "101", .noAnswer, out: true)])
    }

    @Test func transferFromAToB() {
        var c = Call()
        _ = c.on(.waitingForAnswer, employee: 11, leg: 1)
        #expect(c.on(.talkStarted, employee: 11) == [Self.ev(.accepted, "101")])
        #expect(c.on(.waitingForAnswer, employee: 12, leg: 2) == [Self.ev(.incoming, "102")])
        #expect(c.on(.talkStarted, employee: 12) == [Self.ev(.completed, "101", .success), Self.ev(.accepted, "102")])
        #expect(c.state.talked == ["101"] && c.state.talking == "102")
        #expect(c.on(.callFinished, employee: 12, talk: 90) == [Self.ev(.completed, "102", .success, duration: 90, recorded: true)])
        #expect(c.state.talked == ["101", "102"])
        #expect(c.redeliverAll() == [])
    }

    @Test func recordingBeforeCallFinishedGoesWithCompleted() {
        var c = Call()
        _ = c.on(.talkStarted, employee: 11)
        #expect(c.on(.recordingReady, employee: 11, file: "https://media/1.mp3") == [])
        #expect(c.on(.callFinished, employee: 11, talk: 30)
                == [Self.ev(.completed, "101", .success, duration: 30, recorded: true, link: "https://media/1.mp3")])
        #expect(c.state.recordSent)
        #expect(c.on(.recordingReady, employee: 12, file: "https://media/2.mp3") == [])
    }

    @Test func recordingAfterCallFinishedIsSentOnce() {
        var c = Call()
        _ = c.on(.talkStarted, employee: 11)
        _ = c.on(.callFinished, employee: 11, talk: 30)
        #expect(c.on(.recordingReady, employee: 11, file: "https://media/1.mp3") == [.record(callId: "777", link: "https://media/1.mp3")])
        #expect(c.state.recordSent && c.state.recordLink == "https://media/1.mp3")
        #expect(c.on(.recordingReady, employee: 12, file: "https://media/2.mp3") == [])
        #expect(c.redeliverAll() == [])
    }

    @Test func unmappedEmployeeGetsNoPopupButItsAnswerClosesTheOthers() {
        var c = Call()
        #expect(c.on(.waitingForAnswer, employee: 99, leg: 1) == [])
        #expect(c.on(.waitingForAnswer, employee: 11, leg: 2) == [Self.ev(.incoming, "101")])
        #expect(c.state.unmappedEmployees == [99] && c.state.ringing == ["101"])
        #expect(c.on(.talkStarted, employee: 99) == [Self.ev(.completed, "101", .cancelled)])
        #expect(c.state.talking == nil && c.state.unmappedEmployees == [99])
        #expect(c.on(.callFinished, employee: 99, talk: 12) == [Self.ev(.completed, nil, .success, duration: 12, recorded: true)])
    }

    @Test func stalePopupsAreDroppedButTheHistoryIsKept() {
        var c = Call()
        c.now = Self.t0 + 300_000
        #expect(c.on(.waitingForAnswer, employee: 11, leg: 1, sentAt: Self.t0) == [])
        #expect(c.on(.talkStarted, employee: 11, sentAt: Self.t0 + 10_000) == [])
        #expect(c.state.talking == "101", "the state advances")
        #expect(c.on(.waitingForAnswer, employee: 12, leg: 2) == [Self.ev(.incoming, "102")], "a fresh one still pops up")
        #expect(c.on(.callFinished, employee: 11, talk: 20, sentAt: Self.t0)
                == [Self.ev(.completed, "101", .success, duration: 20, recorded: true), Self.ev(.completed, "102", .cancelled)])
    }

    @Test func lateTalkStartedAfterCompletionDoesNothing() {
        var c = Call()
        _ = c.on(.waitingForAnswer, employee: 11, leg: 1)
        _ = c.on(.callFinished, talk: 0)
        let before = c.state
        #expect(c.on(.talkStarted, employee: 11) == [])
        #expect(c.on(.waitingForAnswer, employee: 12, leg: 2) == [])
        #expect(c.state.talking == nil && c.state.ringing == before.ringing && c.state.unmappedEmployees == before.unmappedEmployees)
    }

    @Test func duplicateDeliveriesProduceNothingNew() {
        var c = Call()
        let ring = c.note(.waitingForAnswer, employee: 11, leg: 1)
        #expect(c.feed(ring) == [Self.ev(.incoming, "101")])
        #expect(c.feed(ring) == [])
        let answer = c.note(.talkStarted, employee: 12)
        _ = c.on(.waitingForAnswer, employee: 12, leg: 2)
        #expect(c.feed(answer) == [Self.ev(.accepted, "102"), Self.ev(.completed, "101", .cancelled)])
        #expect(c.feed(ring) == [], "an old ring coming back after the answer")
        #expect(c.feed(answer) == [])
        #expect(c.on(.waitingForAnswer, employee: 11, leg: 3) == [Self.ev(.incoming, "101")], "a new leg rings 101 again")
    }

    @Test func noPhoneMeansNoEventsButTheStateAdvances() {
        var c = Call(phone: nil)
        #expect(c.on(.waitingForAnswer, employee: 11, leg: 1) == [])
        #expect(c.on(.talkStarted, employee: 11) == [])
        #expect(c.on(.callFinished, employee: 11, talk: 10) == [])
        #expect(c.on(.recordingReady, employee: 11, file: "https://media/1.mp3") == [])
        #expect(c.state.phone == nil && c.state.completed && c.state.talked == ["101"] && !c.state.recordSent)
    }

    @Test func stateAndCommandsRoundTripThroughJSON() throws {
        var c = Call()
        _ = c.on(.waitingForAnswer, employee: 11, leg: 1)
        _ = c.on(.waitingForAnswer, employee: 99, leg: 2)
        _ = c.on(.recordingReady, file: "https://media/1.mp3")
        c.state.isRepeat = true
        let state = try JSONDecoder().decode(CallState.self, from: JSONEncoder().encode(c.state))
        #expect(state == c.state)

        let commands: [TelephonyCommand] = [
            Self.ev(.incoming, "101"),
            Self.ev(.completed, nil, .missed, out: false, data: ["utm_source": "site.io"]),
            Self.ev(.completed, "102", .success, out: true, duration: 12, recorded: true, link: "https://media/1.mp3"),
            .record(callId: "777", link: "https://media/1.mp3"),
        ]
        let back = try JSONDecoder().decode([TelephonyCommand].self, from: JSONEncoder().encode(commands))
        #expect(back == commands)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PlanfixCallEvent.self, from: Data(#"{"direction":"in","kind":"RINGING","phone":"7","callId":"1"}"#.utf8))
        }
    }
}
