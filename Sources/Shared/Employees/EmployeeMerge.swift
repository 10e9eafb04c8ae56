/// A selected sync ("only these Planfix users") folded into the stored mapping.
///
/// Why it exists: a selected sync must change only the chosen employees; everyone else keeps their mapping. How:
/// previous mappings of users that were not selected are kept; those of selected users are replaced by their new
/// mapping or removed when they no longer match. One UIS employee is never mapped twice: when a selected user's new
/// mapping takes a UIS employee that a kept mapping had, the new one wins (it reflects today's data) and the old
/// one is dropped and listed in `displaced`, so the status tells the operator to sync that user again. How it
/// fails: it does not; a previous list that already maps one person twice (never written by this code) keeps the
/// first by Planfix id.
public struct EmployeeMerge: Sendable, Equatable, Codable {
    /// The whole new mapping, sorted by Planfix id.
    public var mappings: [EmployeeMapping]
    /// Unselected Planfix users whose previous mapping was dropped, with the reason (add them to the status).
    public var displaced: [EmployeeUnmatched]
}

extension EmployeeMatcher {
    /// - Parameters:
    ///   - previous: the stored mapping.
    ///   - selected: `match(…, only: selectedIds)`; mappings of users outside `selectedIds` are ignored.
    public static func merge(previous: [EmployeeMapping], selected: EmployeeMatch, selectedIds: Set<Int>) -> EmployeeMerge {
        let fresh = selected.mappings.filter { selectedIds.contains($0.planfixUserId) }
        let claimedBy = Dictionary(fresh.map { ($0.uisEmployeeId, $0.planfixUserId) }, uniquingKeysWith: { first, _ in first })
        var kept: [EmployeeMapping] = [], displaced: [EmployeeUnmatched] = []
        var usedPlanfix = Set(fresh.map(\.planfixUserId)), usedUIS = Set(claimedBy.keys)
        for m in previous.sorted(by: { $0.planfixUserId < $1.planfixUserId }) where !selectedIds.contains(m.planfixUserId) {
            if let by = claimedBy[m.uisEmployeeId] {
                let reason = "UIS employee \(m.uisEmployeeId) is now matched to Planfix user \(by); sync this user again"
                displaced.append(EmployeeUnmatched(side: .planfix, id: m.planfixUserId, name: m.name, reason: reason))
                continue
            }
            guard usedPlanfix.insert(m.planfixUserId).inserted, usedUIS.insert(m.uisEmployeeId).inserted else { continue }
            kept.append(m)
        }
        return EmployeeMerge(mappings: (kept + fresh).sorted { $0.planfixUserId < $1.planfixUserId }, displaced: displaced)
    }
}
