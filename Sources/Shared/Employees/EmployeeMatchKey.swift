/// The key that paired a Planfix user with a UIS employee, strongest first: extension, e-mail, phone, name.
///
/// Why it exists: the mapping records how sure it is (an extension match is configuration both systems share;
/// a name match is a coincidence of spelling), and the status screen shows it. How it fails: decoding an unknown
/// raw value throws (a mapping written by a newer version; the worker then re-matches).
public enum EmployeeMatchKey: String, Sendable, Codable, CaseIterable {
    case `extension`
    case email
    case phone
    case name

    /// The word used in reasons: "extension", "e-mail", "phone", "name".
    public var label: String {
        switch self {
        case .extension: "extension"
        case .email: "e-mail"
        case .phone: "phone"
        case .name: "name"
        }
    }
}
