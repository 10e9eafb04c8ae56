import Foundation

/// Everything one Planfix REST handler needs: the tenant, the parsed body, the path id, the query and the
/// shared services. Handlers return a `PlanfixReply`; they never throw.
struct PlanfixCall: Sendable {
    let tenant: TenantConfig
    let store: StateStore
    let ledger: Ledger
    let options: SandboxOptions
    let body: JSONValue
    let pathId: String?
    let query: [String: String]

    var tenantId: String { tenant.id }

    func effect(_ name: String, _ details: JSONValue) {
        ledger.effect(tenant: tenant.id, api: .planfixRest, name, details)
    }

    /// Runs `body` on the tenant's state (the tenant exists: it was resolved from the URL).
    func withState<R>(_ body: (inout TenantState) -> R) -> R {
        store.withTenant(tenant.id, body)!
    }

    /// The fleet's marker in a task description, by `options.markerPattern`.
    func marker(in text: String?) -> String? {
        guard let text, let re = try? NSRegularExpression(pattern: options.markerPattern) else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        guard let m = re.firstMatch(in: text, range: range), let r = Range(m.range, in: text) else { return nil }
        return String(text[r])
    }

    static func timestamp() -> JSONValue {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: SandboxAssumptions.uisTimezoneOffsetSeconds)
        f.dateFormat = "dd-MM-yyyy"
        let date = f.string(from: Date())
        f.dateFormat = "HH:mm"
        let time = f.string(from: Date())
        f.timeZone = TimeZone(secondsFromGMT: 0)
        f.dateFormat = "yyyy-MM-dd'T'HH:mm'Z'"
        return ["date": .string(date), "time": .string(time), "datetime": .string(f.string(from: Date()))]
    }
}

/// Process-wide settings from flags/env.
public struct SandboxOptions: Sendable {
    /// Regular expression that finds the fleet's marker in task descriptions (for `tasksPerMarker` stats).
    public var markerPattern: String
    public init(markerPattern: String = "uisplanfix:[A-Za-z0-9:_.\\-]+") { self.markerPattern = markerPattern }
}
