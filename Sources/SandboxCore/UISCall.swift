/// What one UIS method handler gets: the tenant, typed params, and access to state and the ledger.
struct UISCall: Sendable {
    let tenant: TenantConfig
    let api: SandboxAPI
    let params: UISParams
    let store: StateStore
    let ledger: Ledger

    func state<R>(_ body: (inout TenantState) -> R) -> R { store.withTenant(tenant.id, body)! }

    func stateThrowing<R>(_ body: (inout TenantState) throws(RPCError) -> R) throws(RPCError) -> R {
        var failure: RPCError?
        let r: R? = store.withTenant(tenant.id) { s -> R? in
            do throws(RPCError) { return try body(&s) } catch { failure = error; return nil }
        } ?? nil
        if let failure { throw failure }
        return r!
    }

    func effect(_ name: String, _ details: JSONValue) { ledger.effect(tenant: tenant.id, api: api, name, details) }
}
