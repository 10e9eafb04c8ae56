/// What the fleet knows of one call between two UIS notifications: the input and output of `CallPopupPlanner`,
/// persisted (Redis, JSON) under the call's session id and updated in the call's ordering key, one notification
/// at a time.
///
/// Why: UIS notifications each describe one moment (an employee rings, answers, the call ends) while Planfix needs
/// the whole story per extension (`INCOMING` … `ACCEPTED` … `COMPLETED` with the right status); the state is that
/// story so far. How it fails: it cannot by itself; a lost state (expired key) makes the planner treat the next
/// notification as a call's first, so popups may lack their `COMPLETED` and a re-delivery is no longer recognised.
public struct CallState: Codable, Sendable, Equatable {
    public var callSessionId: Int64
    /// The call's direction, from the first notification that has one.
    public var direction: UISCallDirection?
    /// The client's number as Planfix wants it: the E.164 digits without `+` (`79101234567`). Nil until a
    /// notification brings a recognisable phone; no `cmd=event` is sent without it.
    public var phone: String?
    /// The virtual number (PBX line) digits, Planfix's `diversion`.
    public var diversion: String?
    /// Extensions with an open `INCOMING`/`OUTGOING` popup, in the order they started ringing.
    public var ringing: [String] = []
    /// The extension that got `ACCEPTED` and has no `COMPLETED` yet.
    public var talking: String?
    /// Earlier talkers, completed with `Success` when the call was transferred away from them (and the last talker
    /// once the call finished).
    public var talked: [String] = []
    /// The call ended ("call finished" or "lost call" was planned); later popups are never sent.
    public var completed: Bool = false
    /// A recording link known before the end (sent with `COMPLETED`) or the one sent with `cmd=record`.
    public var recordLink: String?
    /// Planfix has the recording link (in `COMPLETED` or by `cmd=record`): later recordings are ignored.
    public var recordSent: Bool = false
    /// UIS employees seen in this call without a known extension (no popup for them), for diagnostics.
    public var unmappedEmployees: [Int64] = []
    /// Whether the client called before (decided elsewhere, only stored here).
    public var isRepeat: Bool?
    /// `CallNotification.deduplicationKey`s already planned: a re-delivered notification is recognised even when
    /// it comes back after later ones (the state alone could not tell "B rung again" from "B's old ring again").
    public var seen: [String] = []

    public init(callSessionId: Int64) {
        self.callSessionId = callSessionId
    }

    /// Planfix's `callid`, the same for every event of the call.
    public var callId: String { String(callSessionId) }

    /// Fills direction, phone and diversion from the first notification that has them.
    mutating func absorb(_ n: CallNotification) {
        if direction == nil { direction = n.direction }
        if phone == nil { phone = Self.digits(n.contactNumber) }
        if diversion == nil { diversion = Self.digits(n.virtualNumber) }
    }

    private static func digits(_ phone: CallNotification.Phone?) -> String? {
        guard let e164 = phone?.e164 else { return nil }
        let digits = e164.filter { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : digits
    }
}
