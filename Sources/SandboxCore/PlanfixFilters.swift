import Foundation

/// Complex filters of `/contact/list`, `/task/list` and `/user/list` (PF §1.5): each filter becomes a
/// predicate, and all predicates must hold (AND). Supported operators: `equal`, `notequal`. An unsupported
/// type or operator is refused with 400 code 41 (SandboxAssumptions.unsupportedFilterCode) rather than
/// silently ignored, so a fleet relying on it notices.
enum PlanfixFilters {
    typealias Predicate = @Sendable ([String: JSONValue]) -> Bool

    static func build(_ filters: JSONValue?, kind: String, make: (Int64, JSONValue) -> Predicate?) -> Result<[Predicate], PlanfixReply> {
        guard let filters, !filters.isNull else { return .success([]) }
        guard let list = filters.arrayValue else { return .failure(.fail(400, code: 41, "filters must be an array")) }
        var out: [Predicate] = []
        for f in list {
            guard let type = f["type"]?.intValue else { return .failure(.fail(400, code: 41, "filter type is missing")) }
            let op = f["operator"]?.stringValue ?? "equal"
            guard op == "equal" || op == "notequal" else {
                return .failure(.fail(400, code: SandboxAssumptions.unsupportedFilterCode, "Operator \(op) is not supported for filter \(type)"))
            }
            guard let p = make(type, f["value"] ?? .null) else {
                return .failure(.fail(400, code: SandboxAssumptions.unsupportedFilterCode, "Unsupported \(kind) filter type \(type)"))
            }
            if op == "equal" { out.append(p) } else { out.append { @Sendable c in !p(c) } }
        }
        return .success(out)
    }

    static func contains(_ haystack: String?, _ needle: String) -> Bool {
        guard let haystack, !needle.isEmpty else { return false }
        return haystack.lowercased().contains(needle.lowercased())
    }

    static func ids(_ v: JSONValue) -> Set<Int64> {
        if let a = v.arrayValue { return Set(a.compactMap { PlanfixID.parse($0) }) }
        return PlanfixID.parse(v).map { [$0] } ?? []
    }

    static func contact(_ type: Int64, _ value: JSONValue) -> Predicate? {
        let text = value.looseString ?? ""
        switch type {
        case 4003:
            let digits = Phone.digits(text)
            return { c in !digits.isEmpty && Phone.numbers(of: c).contains { Phone.digits($0).contains(digits) } }
        case 4001: return { c in contains(PlanfixPresenter.fullName(c), text) }
        case 4005: return { c in contains(c["email"]?.stringValue, text) }
        case 4026: return { c in c["email"]?.stringValue?.lowercased() == text.lowercased() }
        case 4016: let want = ids(value); return { c in c["template"]?["id"]?.intValue.map(want.contains) ?? false }
        case 4006: let on = value.boolValue ?? (value.intValue == 1); return { c in (c["isCompany"]?.boolValue ?? false) == on }
        case 4007: let on = value.boolValue ?? (value.intValue == 1); return { c in (c["isCompany"]?.boolValue ?? false) != on }
        case 2:
            let want = PlanfixID.parse(value)
            return { c in (c["supervisors"]?["users"]?.arrayValue ?? []).contains { PlanfixID.parse($0["id"]) == want } }
        default: return nil
        }
    }

    static func task(_ type: Int64, _ value: JSONValue) -> Predicate? {
        switch type {
        case SandboxAssumptions.taskTextFilterType:
            let text = value.looseString ?? ""
            return { t in !text.isEmpty && ((t["description"]?.stringValue ?? "").contains(text) || (t["name"]?.stringValue ?? "").contains(text)) }
        case SandboxAssumptions.taskCreatedDateFilterType:
            guard value["dateType"]?.stringValue == "last" else { return nil }
            return { _ in true }
        case 10: let want = ids(value); return { t in t["status"]?["id"]?.intValue.map(want.contains) ?? false }
        case 7: let want = PlanfixID.parse(value); return { t in PlanfixID.parse(t["counterparty"]?["id"]) == want }
        case 51:
            let want = ids(value)
            return { t in [t["template"]?["id"]?.intValue, t["object"]?["id"]?.intValue].contains { $0.map(want.contains) ?? false } }
        case 1: let want = PlanfixID.parse(value); return { t in PlanfixID.parse(t["assigner"]?["id"]) == want }
        case 2:
            let want = PlanfixID.parse(value)
            return { t in (t["assignees"]?["users"]?.arrayValue ?? []).contains { PlanfixID.parse($0["id"]) == want } }
        default: return nil
        }
    }

    /// Users are filtered on their configuration (the extension is not part of the answer).
    static func user(_ type: Int64, _ value: JSONValue) -> (@Sendable (UserConfig) -> Bool)? {
        let text = value.looseString ?? ""
        switch type {
        case 9004: return { u in u.extension_ == text }
        case 9002:
            let d = Phone.digits(text)
            return { u in !d.isEmpty && (u.phones ?? []).contains { Phone.digits($0).contains(d) } }
        case 9003: return { u in u.email?.lowercased() == text.lowercased() }
        case 9006: return { u in contains([u.lastname, u.name, u.midname].compactMap { $0 }.joined(separator: " "), text) }
        default: return nil
        }
    }

    /// Offset/pageSize paging (PF §1.3: pageSize 1...100, default 100).
    static func page<T>(_ items: [T], _ body: JSONValue?) -> [T] {
        let offset = max(0, Int(body?["offset"]?.intValue ?? 0))
        let size = min(100, max(1, Int(body?["pageSize"]?.intValue ?? 100)))
        guard offset < items.count else { return [] }
        return Array(items[offset..<min(items.count, offset + size)])
    }
}
