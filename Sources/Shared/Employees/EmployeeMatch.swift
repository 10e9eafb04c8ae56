/// The result of one matching run (`EmployeeMatcher.match`): the mappings and the report, each sorted (mappings
/// by Planfix id; report entries Planfix side first, then by id), so the same input always gives the same
/// value and a rerun writes an identical mapping.
///
/// Why it exists: the employee-sync worker stores `mappings` (versioned) and shows the rest as the status:
/// counts (matched, unmatched, ambiguous) and the list of unmatched people with reasons. How it fails: it does not.
public struct EmployeeMatch: Sendable, Equatable, Codable {
    public var mappings: [EmployeeMapping]
    public var unmatched: [EmployeeUnmatched]
    public var ambiguous: [EmployeeAmbiguous]

    public init(mappings: [EmployeeMapping] = [], unmatched: [EmployeeUnmatched] = [], ambiguous: [EmployeeAmbiguous] = []) {
        self.mappings = mappings
        self.unmatched = unmatched
        self.ambiguous = ambiguous
    }

    /// "12 matched, 3 unmatched, 1 ambiguous".
    public var summary: String { "\(mappings.count) matched, \(unmatched.count) unmatched, \(ambiguous.count) ambiguous" }
}
