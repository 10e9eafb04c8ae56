/// The optional periodic employee sync (`employees.auto_sync_hours`): asks for a sync of every tenant whose last
/// successful sync is older than its interval. Safe in every employee-sync process at once: a request identical to
/// a waiting one is not queued twice (`EmployeeSyncRequests`).
public struct EmployeeSyncSchedule: Sendable {
    public let redis: RedisClient
    public let settings: TenantSettingsCache<TenantSettings>
    public init(redis: RedisClient, settings: TenantSettingsCache<TenantSettings>) {
        self.redis = redis
        self.settings = settings
    }

    /// One pass over the tenants. - Returns: the tenants a sync was queued for.
    @discardableResult
    public func tick(now: Int64 = WallClock.epochMillis()) async throws -> [String] {
        var queued: [String] = []
        let directory = EmployeeDirectory(redis: redis)
        for tenant in try await TenantDocumentStore(redis: redis).list() {
            guard let tenantSettings = try? await settings.settings(for: tenant), let hours = tenantSettings.employees.autoSyncHours else { continue }
            let status = try await directory.status(tenant: tenant)
            if status?.state == .running { continue }
            let last = status?.lastSucceededAt ?? 0
            guard now - last >= Int64(hours) * 3_600_000 else { continue }
            // A failed sync is not retried more often than the interval either.
            if status?.state == .failed, let finished = status?.finishedAt, now - finished < Int64(hours) * 3_600_000 { continue }
            let ids = tenantSettings.employees.syncAll ? [] : tenantSettings.employees.planfixUserIds
            if try await EmployeeSyncRequests(redis: redis).request(tenant: tenant, planfixUserIds: ids, requestedBy: "schedule").queued {
                queued.append(tenant)
            }
        }
        return queued
    }
}
