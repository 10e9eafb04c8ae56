/// Pairs Planfix users with UIS employees for the employee sync: pure logic, no I/O.
///
/// How: passes in order extension → e-mail → phone → full name → first + last name (`EmployeeCandidate`
/// describes the normalisation). In each pass, among the people still unmatched, a Planfix user and a UIS employee
/// are paired when each is the other's only candidate. When a key is shared by more than one person on either
/// side, nobody sharing it is paired in that pass: the matcher does not guess. Such people still take part in the
/// weaker passes, because a shared office phone or a shared mailbox is normal and should not stop a unique name
/// from matching; if they stay unmatched, they are reported as ambiguous with the strongest ambiguous key. A pair
/// found by a weaker key whose two sides carry different extensions is not made (the PBX and Planfix disagree and
/// someone must decide); both are reported unmatched with that reason. Each person is matched at most once.
///
/// Who takes part: Planfix users that are deleted or `Inactive` are reported unmatched ("deleted in Planfix",
/// "inactive in Planfix"); `ActiveWithoutAccess` and a missing status count as active. UIS employees are all taken: `status_id` is a
/// presence status of `get.statuses` (available, break …, per account), not employment, so it is not filtered on.
/// Repeated ids (a page overlap) count once, the first one. Output is sorted (`EmployeeMatch`).
///
/// How it fails: it does not throw; everything it cannot decide ends in the report.
public enum EmployeeMatcher {
    typealias Pass = EmployeeCandidate.Pass
    private struct Ref: Hashable { var side: EmployeeSide; var id: Int }

    /// - Parameter only: a selected sync: only these Planfix users are reported (mappings, unmatched, ambiguous;
    ///   no UIS-side entries). Matching still considers everyone passed in, so a selected user gets exactly what
    ///   a full sync would give them (a namesake outside the selection still makes a name ambiguous).
    public static func match(planfix: [PlanfixUser], uis: [UISEmployee], only: Set<Int>? = nil) -> EmployeeMatch {
        var unmatched: [EmployeeUnmatched] = []
        var pf: [Int: EmployeeCandidate] = [:], ux: [Int: EmployeeCandidate] = [:]
        var seen = Set<Int>()
        for u in planfix {
            guard let id = u.id.number else {
                let c = EmployeeCandidate(planfix: u, id: 0)
                unmatched.append(.init(side: .planfix, id: 0, name: c.name, reason: "Planfix user id \"\(u.id.raw)\" has no number"))
                continue
            }
            guard seen.insert(id).inserted else { continue }
            let c = EmployeeCandidate(planfix: u, id: id)
            if u.isDeleted == true || u.status == "Inactive" {
                let reason = u.isDeleted == true ? "deleted in Planfix" : "inactive in Planfix"
                unmatched.append(.init(side: .planfix, id: id, name: c.name, reason: reason))
            } else {
                pf[id] = c
            }
        }
        for e in uis where ux[e.id] == nil { ux[e.id] = EmployeeCandidate(uis: e) }

        let pfIndex = index(pf), uxIndex = index(ux)
        var free: [EmployeeSide: Set<Int>] = [.planfix: Set(pf.keys), .uis: Set(ux.keys)]
        var partner: [Ref: (id: Int, by: EmployeeMatchKey)] = [:]
        var ambiguity: [Ref: EmployeeAmbiguous] = [:]
        var conflict: [Ref: String] = [:]
        var mappings: [EmployeeMapping] = []

        for pass in Pass.allCases {
            /// The free people on the other side sharing a key of `c` in this pass, and the keys shared.
            func others(_ c: EmployeeCandidate) -> (ids: Set<Int>, shared: [String]) {
                let other: EmployeeSide = c.side == .planfix ? .uis : .planfix
                let idx = (c.side == .planfix ? uxIndex : pfIndex)[pass] ?? [:]
                var ids = Set<Int>(), shared: [String] = []
                for k in (c.keys[pass] ?? []).sorted() {
                    let hits = (idx[k] ?? []).filter { free[other]!.contains($0) }
                    if !hits.isEmpty { ids.formUnion(hits); shared.append(k) }
                }
                return (ids, shared)
            }
            var pairs: [(Int, Int)] = []
            for side in [EmployeeSide.planfix, .uis] {
                let (mine, theirs, otherSide) = side == .planfix ? (pf, ux, EmployeeSide.uis) : (ux, pf, EmployeeSide.planfix)
                for id in free[side]!.sorted() {
                    let me = mine[id]!
                    let (cands, shared) = others(me)
                    guard !cands.isEmpty else { continue }
                    let phrase = switch pass {
                    case .fullName: "named \(me.name)"
                    case .shortName: "named \(me.shortName)"
                    default: "with \(pass.key.label) \(shared.joined(separator: ", "))"
                    }
                    var reason = "\(cands.count) \(plural(otherSide)) \(phrase)"
                    if cands.count == 1, let o = cands.first {
                        let back = others(theirs[o]!).ids
                        if back == [id] {
                            if side == .planfix { pairs.append((id, o)) }
                            continue
                        }
                        reason = "\(back.count) \(plural(side)) \(phrase)"
                    }
                    let ref = Ref(side: side, id: id)
                    if ambiguity[ref] == nil {
                        ambiguity[ref] = EmployeeAmbiguous(side: side, id: id, name: me.name, candidates: cands.sorted(), key: pass.key,
                                                           reason: reason)
                    }
                }
            }
            for (a, x) in pairs {
                let p = pf[a]!, u = ux[x]!
                free[.planfix]!.remove(a)
                free[.uis]!.remove(x)
                if let pe = p.extensionNumber, let ue = u.extensionNumber, pe != ue {
                    let key = pass.key.label
                    conflict[Ref(side: .planfix, id: a)] = "extension \(pe) in Planfix, but \(ue) on UIS employee \(x) with the same \(key)"
                    conflict[Ref(side: .uis, id: x)] = "extension \(ue) in UIS, but \(pe) on Planfix user \(a) with the same \(key)"
                    continue
                }
                partner[Ref(side: .planfix, id: a)] = (x, pass.key)
                partner[Ref(side: .uis, id: x)] = (a, pass.key)
                mappings.append(EmployeeMapping(planfixUserId: a, uisEmployeeId: x, extension: p.extensionNumber ?? u.extensionNumber,
                                                name: p.name, email: p.email ?? u.email, matchedBy: pass.key))
            }
        }

        /// Why `c` found nobody: its counterpart is taken, or nobody shares any of its keys.
        func noMatch(_ c: EmployeeCandidate) -> String {
            let (otherSide, idx) = c.side == .planfix ? (EmployeeSide.uis, uxIndex) : (.planfix, pfIndex)
            for pass in Pass.allCases {
                for k in (c.keys[pass] ?? []).sorted() {
                    for o in idx[pass]?[k] ?? [] {
                        if let taken = partner[Ref(side: otherSide, id: o)] {
                            return "\(singular(otherSide)) \(o) with the same \(pass.key.label) is already matched to "
                                + "\(singular(c.side)) \(taken.id) by \(taken.by.label)"
                        }
                    }
                }
            }
            var have: [String] = []
            if let e = c.extensionNumber { have.append("extension \(e)") }
            if let e = c.keys[.email]?.first { have.append("e-mail \(e)") }
            if let p = c.keys[.phone], !p.isEmpty { have.append("phone \(p.sorted().joined(separator: ", "))") }
            if c.keys[.fullName]?.isEmpty == false || c.keys[.shortName]?.isEmpty == false { have.append("name \(c.name)") }
            let list = have.count > 1 ? have.dropLast().joined(separator: ", ") + " or " + have.last! : have.first
            var reason = list.map { "no \(singular(otherSide)) with \($0)" } ?? "no extension, e-mail, phone or full name to match by"
            if c.side == .uis, c.extensionNumber == nil, !have.isEmpty { reason = "UIS employee has no extension; " + reason }
            return reason
        }

        var ambiguous: [EmployeeAmbiguous] = []
        for (side, people) in [(EmployeeSide.planfix, pf), (.uis, ux)] {
            for id in people.keys.sorted() where partner[Ref(side: side, id: id)] == nil {
                let ref = Ref(side: side, id: id), c = people[id]!
                if let reason = conflict[ref] {
                    unmatched.append(.init(side: side, id: id, name: c.name, reason: reason))
                } else if let a = ambiguity[ref] {
                    ambiguous.append(a)
                } else {
                    unmatched.append(.init(side: side, id: id, name: c.name, reason: noMatch(c)))
                }
            }
        }
        unmatched.sort { ($0.side, $0.id, $0.name, $0.reason) < ($1.side, $1.id, $1.name, $1.reason) }
        mappings.sort { $0.planfixUserId < $1.planfixUserId }
        var result = EmployeeMatch(mappings: mappings, unmatched: unmatched, ambiguous: ambiguous)
        if let only {
            result.mappings.removeAll { !only.contains($0.planfixUserId) }
            result.unmatched.removeAll { $0.side != .planfix || !only.contains($0.id) }
            result.ambiguous.removeAll { $0.side != .planfix || !only.contains($0.id) }
        }
        return result
    }

    /// Per pass, key → ids (ascending) of everyone who has it.
    private static func index(_ people: [Int: EmployeeCandidate]) -> [Pass: [String: [Int]]] {
        var idx: [Pass: [String: [Int]]] = [:]
        for id in people.keys.sorted() {
            for (pass, keys) in people[id]!.keys {
                for k in keys { idx[pass, default: [:]][k, default: []].append(id) }
            }
        }
        return idx
    }

    private static func singular(_ side: EmployeeSide) -> String { side == .planfix ? "Planfix user" : "UIS employee" }
    private static func plural(_ side: EmployeeSide) -> String { side == .planfix ? "Planfix users" : "UIS employees" }
}
