/// The parts of the employee-sync status that are not mappings: people left unmatched, and people whose match
/// was ambiguous. Every person the matcher looked at ends in exactly one of: a mapping, `EmployeeUnmatched`,
/// `EmployeeAmbiguous`.
///
/// Why they exist: the operator must see who is missing and why, to fix the data in Planfix or UIS (the matcher
/// never guesses). How they fail: they do not; they are plain values, Codable for the stored status.

/// Which system a reported person comes from.
public enum EmployeeSide: String, Sendable, Codable, Comparable {
    case planfix
    case uis

    public static func < (a: Self, b: Self) -> Bool { a == .planfix && b == .uis }
}

/// A person with no counterpart, with the reason in plain words, e.g. "inactive in Planfix", "no UIS employee with
/// extension 101, e-mail ivan@firm.ru or name Петров Иван", "UIS employee has no extension; no Planfix user with
/// name Иванов Иван".
public struct EmployeeUnmatched: Sendable, Equatable, Codable {
    public var side: EmployeeSide
    /// Planfix user id or UIS employee id (0 for a Planfix user whose id has no number).
    public var id: Int
    public var name: String
    public var reason: String

    public init(side: EmployeeSide, id: Int, name: String, reason: String) {
        self.side = side
        self.id = id
        self.name = name
        self.reason = reason
    }
}

/// A person left unmatched because a key they share was shared by more than one person: e.g. Planfix user 5
/// with candidates [11, 12] and "2 UIS employees named Петров Иван". `key` is the strongest key that was
/// ambiguous for them (weaker keys were tried too and did not give a unique match either).
public struct EmployeeAmbiguous: Sendable, Equatable, Codable {
    public var side: EmployeeSide
    public var id: Int
    public var name: String
    /// Ids on the other side that share the key (sorted).
    public var candidates: [Int]
    public var key: EmployeeMatchKey
    public var reason: String

    public init(side: EmployeeSide, id: Int, name: String, candidates: [Int], key: EmployeeMatchKey, reason: String) {
        self.side = side
        self.id = id
        self.name = name
        self.candidates = candidates
        self.key = key
        self.reason = reason
    }
}
