/// The pure state machine turning UIS call notifications into Planfix telephony commands (planfix-api.md §2.3):
/// popups (`INCOMING`/`OUTGOING`, `ACCEPTED`), call history (`COMPLETED` with a status) and late recordings
/// (`cmd=record`), one notification at a time, for one call's `CallState`. No I/O: the caller loads the state,
/// plans, persists the state and the commands together, then sends the commands in order.
///
/// How the UIS events map (uis-api.md §4.2):
/// - "waiting for answer" / "outgoing call": a popup for the employee's extension. UIS does not say when an
///   employee stops ringing, so in a sequential hunt the earlier popups stay open until someone answers or the call
///   ends (then `Cancelled` / `Missed`), rather than closing at each hunt step as Planfix's sequence describes.
/// - "talk started": `ACCEPTED`; the other popups close with `Cancelled` (group ring); an earlier talker is
///   completed with `Success` first (a transfer). An answer by an unmapped employee still closes the popups.
/// - "talk finished": nothing. Its talk time is one employee's leg; the call's history is written once, from "call
///   finished" (the authoritative end, with the call's `talk_time_duration`), and the recommended template set may
///   not even include "talk finished". Completing here too would mean two `COMPLETED`s for one talker.
/// - "call finished" / "lost call": whichever comes first writes the history (`Success`, or `Missed` / `NoAnswer`
///   per rung extension); the other is ignored. "Busy" cannot be told from "no answer" in these notifications, so
///   a failed outgoing call is always `NoAnswer`.
/// - "recording ready": the link goes with `COMPLETED` when it is early, else as `cmd=record`, once.
///
/// Popups are real time: `INCOMING`/`OUTGOING`/`ACCEPTED` are dropped for a notification older than `maxPopupAge`
/// or for a completed call, while the state still advances; `COMPLETED` and `record` are never dropped. Without the
/// client's phone no `cmd=event` is planned (Planfix requires it), and no `record` either (Planfix never heard of
/// the call). Re-delivered notifications (same `deduplicationKey`) plan nothing. How it fails: it cannot; unknown
/// employees are listed in `CallState.unmappedEmployees` and simply get no popup.
public enum CallPopupPlanner {
    /// Plans the commands for one notification and advances `state`.
    /// - Parameters:
    ///   - extensionOf: the Planfix extension of a UIS employee id, nil when unmapped.
    ///   - now: ms since the epoch, compared with `notificationTimeMs` (a notification without a time counts as fresh).
    ///   - maxPopupAge: ms after which a popup is pointless.
    ///   - data: `data_<name>` values for the call's final `COMPLETED`s (not for `Cancelled` popups).
    public static func plan(_ n: CallNotification, state: inout CallState, extensionOf: (Int64) -> String?,
                            now: Int64, maxPopupAge: Int64 = 120_000, data: [String: String] = [:]) -> [TelephonyCommand] {
        let key = n.deduplicationKey
        guard !state.seen.contains(key) else { return [] }
        state.seen.append(key)
        state.absorb(n)

        let popupsAllowed = !state.completed && (n.notificationTimeMs.map { now - $0 <= maxPopupAge } ?? true)
        let outgoing = state.direction == .outgoing
        var commands: [TelephonyCommand] = []

        func ext(_ employee: Int64?) -> String? {
            guard let employee else { return nil }
            if let e = extensionOf(employee) { return e }
            if !state.unmappedEmployees.contains(employee) { state.unmappedEmployees.append(employee) }
            return nil
        }
        func send(_ kind: PlanfixCallEvent.Kind, _ ext: String?, status: PlanfixCallEvent.Status? = nil, duration: Int? = nil,
                  isRecorded: Bool? = nil, recordLink: String? = nil, data: [String: String] = [:]) {
            guard let phone = state.phone, kind == .completed || popupsAllowed else { return }
            commands.append(.event(PlanfixCallEvent(direction: outgoing ? .outgoing : .incoming, kind: kind, phone: phone, ext: ext,
                                                    callId: state.callId, diversion: state.diversion, duration: duration,
                                                    isRecorded: isRecorded, status: status, recordLink: recordLink, data: data)))
        }
        /// A popup closed without a talk: the call goes on elsewhere (`final == false`) or ended unanswered.
        func close(_ ext: String?, final: Bool) {
            let status: PlanfixCallEvent.Status = outgoing ? .noAnswer : (final ? .missed : .cancelled)
            send(.completed, ext, status: status, duration: 0, isRecorded: false, data: final ? data : [:])
        }

        switch n.type {
        case .incomingCall, .talkFinished:
            break

        case .waitingForAnswer, .outgoingCall:
            guard !state.completed, let e = ext(n.employeeId), !state.ringing.contains(e), state.talking != e else { break }
            state.ringing.append(e)
            send(outgoing ? .outgoing : .incoming, e)

        case .talkStarted:
            guard !state.completed else { break }
            let e = ext(n.employeeId)
            if e != nil && e == state.talking { break }
            if let previous = state.talking {
                send(.completed, previous, status: .success)
                state.talked.append(previous)
                state.talking = nil
            }
            if let e {
                send(.accepted, e)
                state.talking = e
            }
            for other in state.ringing where other != e { close(other, final: false) }
            state.ringing = []

        case .callFinished:
            guard !state.completed else { break }
            state.completed = true
            let talkSeconds = n.talkDuration ?? 0
            if state.talking != nil || talkSeconds > 0 {
                // A talk the state missed (lost "talk started") is credited to the call's employee.
                let talker = state.talking ?? ext(n.employeeId)
                let link = state.recordLink
                let recorded = link != nil || (TelephonyAssumptions.talkedCallIsRecorded && talkSeconds > 0)
                send(.completed, talker, status: .success, duration: n.talkDuration.map { Int($0) }, isRecorded: recorded,
                     recordLink: link, data: data)
                if link != nil && state.phone != nil { state.recordSent = true }
                for other in state.ringing where other != talker { close(other, final: false) }
                if let talker { state.talked.append(talker) }
            } else {
                let rung: [String?] = state.ringing.isEmpty ? [ext(n.employeeId)] : state.ringing
                for r in rung { close(r, final: true) }
            }
            state.ringing = []
            state.talking = nil

        case .lostCall:
            guard !state.completed else { break }
            state.completed = true
            var rung = state.ringing
            for id in n.employeeIds { if let e = ext(id), !rung.contains(e) { rung.append(e) } }
            for r in rung.isEmpty ? [nil] : rung.map(Optional.some) { close(r, final: true) }
            state.ringing = []

        case .recordingReady:
            guard let link = n.fileLink, !link.isEmpty, !state.recordSent else { break }
            if state.completed && state.phone != nil {
                commands.append(.record(callId: state.callId, link: link))
                state.recordLink = link
                state.recordSent = true
            } else if state.recordLink == nil {
                state.recordLink = link
            }
        }
        return commands
    }
}
