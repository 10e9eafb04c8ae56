import Synchronization

/// All tenants' state behind one mutex, plus the immutable look-up tables (account → tenant, UIS token →
/// tenant). Handlers run concurrently in tasks; every read-modify-write happens inside one `withTenant`
/// call, so no request sees another's half-done change. A missing tenant yields nil, never a crash.
public final class StateStore: Sendable {
    public let configs: [TenantConfig]
    private let byAccount: [String: String]
    private let byUISToken: [String: String]
    private let states: Mutex<[String: TenantState]>

    public init(configs: [TenantConfig]) {
        self.configs = configs
        var accounts: [String: String] = [:], tokens: [String: String] = [:], initial: [String: TenantState] = [:]
        for c in configs {
            accounts[c.planfix.account] = c.id
            tokens[c.uis.accessToken] = c.id
            initial[c.id] = TenantState(config: c)
        }
        byAccount = accounts
        byUISToken = tokens
        states = Mutex(initial)
    }

    public func config(tenant: String) -> TenantConfig? { configs.first { $0.id == tenant } }
    public func tenant(planfixAccount: String) -> TenantConfig? { byAccount[planfixAccount].flatMap(config(tenant:)) }
    public func tenant(uisToken: String) -> TenantConfig? { byUISToken[uisToken].flatMap(config(tenant:)) }

    /// Runs `body` with exclusive access to the tenant's state; nil if there is no such tenant.
    public func withTenant<R>(_ tenant: String, _ body: (inout TenantState) throws -> R) rethrows -> R? {
        try states.withLock { all -> R? in
            guard var s = all[tenant] else { return nil }
            let r = try body(&s)
            all[tenant] = s
            return r
        }
    }

    /// Puts the tenant (or every tenant when nil) back to the tenant file's content.
    public func reset(tenant: String?) {
        states.withLock { all in
            for c in configs where tenant == nil || c.id == tenant { all[c.id] = TenantState(config: c) }
        }
    }
}
