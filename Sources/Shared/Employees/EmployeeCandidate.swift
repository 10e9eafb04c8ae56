import Foundation

/// One person as the matcher sees them: id, display name, and their normalised keys per matching pass.
///
/// Why it exists: Planfix users and UIS employees carry the same facts in different shapes; reducing both to the
/// same keys makes every pass a plain dictionary lookup. Normalisation: extension trimmed; e-mail trimmed and
/// lowercased (must contain `@`); phones through `PhoneNumber` (E.164 plus its extension, so an office number
/// with `доб. 12` is a different key than the bare number; UIS's `7495…...2345` is read as number + extension);
/// names lowercased, `ё` = `е`, split on spaces, words sorted (so "Иван Петров" = "Петров Иван"), at least two
/// words (a single word is never enough to identify someone). How it fails: a value that does not normalise
/// (no `@`, no plausible phone, one-word name) just gives no key.
struct EmployeeCandidate: Sendable {
    /// The passes in order; the name is tried with the full name first (with the patronymic), then with first +
    /// last name only, so "Петров Иван Иванович" prefers his exact namesake over "Петров Иван".
    enum Pass: Int, Sendable, CaseIterable, Comparable {
        case `extension`, email, phone, fullName, shortName
        var key: EmployeeMatchKey {
            switch self {
            case .extension: .extension
            case .email: .email
            case .phone: .phone
            case .fullName, .shortName: .name
            }
        }
        static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    let side: EmployeeSide
    let id: Int
    let name: String
    /// First + last name as written ("Петров Иван"), for reasons of the short-name pass.
    let shortName: String
    let email: String?
    let extensionNumber: String?
    let keys: [Pass: Set<String>]

    init(planfix u: PlanfixUser, id: Int) {
        side = .planfix
        self.id = id
        let full = [u.lastname, u.name, u.midname].compactMap { $0 }.map(Self.trimmed).filter { !$0.isEmpty }.joined(separator: " ")
        name = full.isEmpty ? (u.login ?? u.email ?? "user \(id)") : full
        email = u.email.map(Self.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        extensionNumber = u.extensionNumber.map(Self.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        shortName = Self.trimmed([u.lastname, u.name].compactMap { $0 }.joined(separator: " "))
        keys = Self.keys(extension: extensionNumber, email: email, phones: (u.phones ?? []).map(\.number), fullName: full, shortName: shortName)
    }

    init(uis e: UISEmployee) {
        side = .uis
        id = e.id
        let parts = [e.lastName, e.firstName].compactMap { $0 }.joined(separator: " ")
        let full = e.fullName.map(Self.trimmed).flatMap { $0.isEmpty ? nil : $0 } ?? Self.trimmed(parts)
        name = full.isEmpty ? (e.login ?? e.email ?? "employee \(e.id)") : full
        email = e.email.map(Self.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        extensionNumber = e.extension?.extensionPhoneNumber.map { Self.trimmed($0.value) }.flatMap { $0.isEmpty ? nil : $0 }
        // Without first/last name, the full name serves as the short one only when it has no patronymic to drop.
        shortName = !Self.trimmed(parts).isEmpty ? Self.trimmed(parts) : (Self.nameKey(full)?.split(separator: " ").count == 2 ? full : "")
        keys = Self.keys(extension: extensionNumber, email: email, phones: (e.phoneNumbers ?? []).compactMap { $0.phoneNumber?.value },
                         fullName: full, shortName: shortName)
    }

    private static func keys(extension ext: String?, email: String?, phones: [String], fullName: String, shortName: String) -> [Pass: Set<String>] {
        var keys: [Pass: Set<String>] = [:]
        keys[.extension] = Set([ext].compactMap { $0 })
        keys[.email] = Set([email?.lowercased()].compactMap { $0 }.filter { $0.contains("@") })
        keys[.phone] = Set(phones.compactMap(phoneKey))
        keys[.fullName] = Set([nameKey(fullName)].compactMap { $0 })
        keys[.shortName] = Set([nameKey(shortName)].compactMap { $0 })
        return keys
    }

    /// E.164 plus extension (`+74955140578 доб. 2345`); UIS writes the extension after `...`.
    static func phoneKey(_ text: String) -> String? {
        PhoneNumber(parsing: text.replacingOccurrences(of: "...", with: " доб. "))?.description
    }

    /// Lowercased, `ё` → `е`, words sorted; nil below two words.
    static func nameKey(_ text: String) -> String? {
        let words = text.lowercased().replacingOccurrences(of: "ё", with: "е").split(whereSeparator: \.isWhitespace).sorted()
        return words.count >= 2 ? words.joined(separator: " ") : nil
    }

    /// Trimmed, inner runs of spaces collapsed.
    private static func trimmed(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
}
