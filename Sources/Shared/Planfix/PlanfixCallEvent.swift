/// One `cmd=event` notification for Planfix's telephony API (reference planfix-api.md §2.3): the popup card,
/// the call history and the analytics are driven by these. The same `callId` is used for every event of a call.
///
/// How it can fail: it cannot by itself; Planfix answers 400 `Invalid parameters` for a wrong combination,
/// which the guard turns into a permanent failure.
public struct PlanfixCallEvent: Sendable, Equatable {
    public enum Direction: String, Sendable { case incoming = "in", outgoing = "out" }
    public enum Kind: String, Sendable {
        case incoming = "INCOMING", outgoing = "OUTGOING", accepted = "ACCEPTED", completed = "COMPLETED"
    }
    /// Outcome, sent with `COMPLETED`: incoming `Success`/`Missed`/`Cancelled`; outgoing `Success`/`Busy`/
    /// `NoAnswer`/`NotAvailable`/`NotAllowed`.
    public enum Status: String, Sendable {
        case success = "Success", missed = "Missed", cancelled = "Cancelled", busy = "Busy", noAnswer = "NoAnswer"
        case notAvailable = "NotAvailable", notAllowed = "NotAllowed"
    }

    public var direction: Direction
    public var kind: Kind
    /// The client's number, digits as UIS sends them (`79101234567`).
    public var phone: String
    /// The employee's extension (must be in «Короткие номера сотрудников»).
    public var ext: String?
    public var callId: String
    /// The PBX line (our virtual number).
    public var diversion: String?
    /// Seconds, with `COMPLETED`.
    public var duration: Int?
    public var isRecorded: Bool?
    public var status: Status?
    public var recordLink: String?
    /// `data_<name>` values for the «Звонок» data tag (with `COMPLETED`), sent in key order.
    public var data: [String: String]

    public init(direction: Direction, kind: Kind, phone: String, ext: String?, callId: String, diversion: String? = nil,
                duration: Int? = nil, isRecorded: Bool? = nil, status: Status? = nil, recordLink: String? = nil,
                data: [String: String] = [:]) {
        self.direction = direction
        self.kind = kind
        self.phone = phone
        self.ext = ext
        self.callId = callId
        self.diversion = diversion
        self.duration = duration
        self.isRecorded = isRecorded
        self.status = status
        self.recordLink = recordLink
        self.data = data
    }

    /// The form fields in the doc's order, without the token.
    public var formFields: [(String, String)] {
        var f: [(String, String)] = [("cmd", "event"), ("type", direction.rawValue), ("event", kind.rawValue), ("phone", phone)]
        if let diversion { f.append(("diversion", diversion)) }
        if let ext { f.append(("ext", ext)) }
        f.append(("callid", callId))
        if let duration { f.append(("duration", String(duration))) }
        if let isRecorded { f.append(("is_recorded", isRecorded ? "1" : "0")) }
        if let status { f.append(("status", status.rawValue)) }
        if let recordLink { f.append(("record_link", recordLink)) }
        for key in data.keys.sorted() { f.append(("data_\(key)", data[key]!)) }
        return f
    }
}

/// The `cmd=contact` answer: who the caller is and the extension of their responsible employee.
public struct PlanfixCallerInfo: Sendable, Equatable {
    public var name: String
    /// «Ответственный»'s short number; nil when there is none or they have no extension.
    public var responsibleExtension: String?
}

/// The `cmd=ping` answer: the PBX URL and key saved in Planfix's settings.
public struct PlanfixTelephonyPing: Sendable, Equatable {
    public var pbxURL: String?
    /// Our own PBX key as Planfix stored it (a secret: compare, never log).
    public var pbxToken: String?
}
