/// One matched pair of the employee mapping: Planfix user ↔ UIS employee ↔ extension ↔ name.
///
/// Why it exists: calls, chats and leads arrive from UIS with an employee id or an extension and must be put on
/// the right Planfix user (and Planfix click-to-call sends a user and needs the extension); the employee-sync
/// worker stores the list of these (versioned) and the flows look people up in it. How it fails: it does not; a
/// pair only exists when `EmployeeMatcher` found exactly one person on each side, and the matcher never builds a
/// pair whose two sides carry different extensions.
public struct EmployeeMapping: Sendable, Equatable, Codable {
    public var planfixUserId: Int
    public var uisEmployeeId: Int
    /// The extension both sides agree on, else the one side that has it; nil when neither has one (such a user
    /// can be found by id, but a Planfix telephony event cannot name them).
    public var `extension`: String?
    /// For display: the Planfix name ("Фамилия Имя Отчество"), else the UIS full name.
    public var name: String
    /// The Planfix e-mail, else the UIS one, as written (trimmed).
    public var email: String?
    public var matchedBy: EmployeeMatchKey
    /// The UIS employee's phone numbers as UIS lists them (what interactive routing tells UIS to ring); filled in by
    /// the sync after matching, nil in mappings written before this field existed.
    public var uisPhones: [String]?

    public init(planfixUserId: Int, uisEmployeeId: Int, extension: String?, name: String, email: String?, matchedBy: EmployeeMatchKey) {
        self.planfixUserId = planfixUserId
        self.uisEmployeeId = uisEmployeeId
        self.extension = `extension`
        self.name = name
        self.email = email
        self.matchedBy = matchedBy
    }
}
