import Foundation

/// `manager.lookup` jobs: learn a caller's personal manager from Planfix (`cmd=contact` on the telephony API,
/// which answers the responsible employee's extension) and store the manager's UIS phones in
/// `PersonalManagerCache`, which the ingest answers UIS interactive call processing from.
///
/// A caller without a manager (or whose manager is not synced) is stored with no phones, so the ingest answers
/// the fallback code without asking again before the entry ages out. How it fails: like every remote call
/// (deferred by budgets and pauses, retried when transient); a tenant without Planfix telephony settings → dead
/// letter `not-configured`.
public struct PersonalManagerLookup: Sendable {
    public let clients: TenantClients
    public let directory: EmployeeDirectory
    public let cache: PersonalManagerCache

    public init(clients: TenantClients, redis: RedisClient) {
        self.clients = clients
        directory = EmployeeDirectory(redis: redis)
        cache = PersonalManagerCache(redis: redis)
    }

    public var kind: JobKind {
        JobKind(FleetJobs.Kind.managerLookup, payload: ManagerLookupJob.self,
                retryPolicy: RetryPolicy(maxAttempts: 5, baseDelay: .seconds(1), maxDelay: .seconds(60), jitter: true)) { job, context in
            try await refresh(tenant: context.job.tenant, phone: job.phone, callId: job.callSessionId.map(String.init), holder: context.job.id)
        }
    }

    /// Looks the caller up and stores the answer. - Returns: the stored entry.
    @discardableResult
    public func refresh(tenant: String, phone: String, callId: String?, holder: String) async throws -> PersonalManagerCache.Entry {
        let digits = phone.hasPrefix("+") ? String(phone.dropFirst()) : phone
        let info = try await clients.planfixTelephony(tenant).contact(phone: digits, callId: callId, holder: holder)
        return try await remember(tenant: tenant, phone: phone, info: info)
    }

    /// Stores what a `cmd=contact` answer says about the caller's manager. The telephony worker asks Planfix that at
    /// every call's first event anyway (primary or repeat), so each call refreshes its caller's entry for the next
    /// call at no extra request; `refresh` covers callers the cache has never seen.
    @discardableResult
    public func remember(tenant: String, phone: String, info: PlanfixCallerInfo?) async throws -> PersonalManagerCache.Entry {
        let ext = info?.responsibleExtension
        var manager: EmployeeMapping?
        if let ext { manager = try await directory.snapshot(tenant: tenant)?.byExtension(ext) }
        let entry = PersonalManagerCache.Entry(phones: manager?.uisPhones ?? [], extensionNumber: ext, at: WallClock.epochMillis())
        try await cache.store(tenant: tenant, phone: phone, entry: entry)
        return entry
    }
}
