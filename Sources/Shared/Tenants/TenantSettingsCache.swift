import Synchronization

/// Every process's cached, decoded copy of the tenants' settings, picking up a new version within
/// `refreshInterval` without a restart.
///
/// How it works: the first read of a tenant loads and decodes its document; later reads are served from memory,
/// and at most once per `refreshInterval` per tenant a read first asks Redis for the version (one `HGET`) and
/// reloads when it changed. How it fails: a stored document that no longer decodes (written by a newer fleet)
/// keeps the last good copy in use and throws only when there is none; Redis errors surface to the caller.
public final class TenantSettingsCache<Settings: Sendable>: Sendable {
    private struct Entry: Sendable {
        let version: Int
        let settings: Settings
        var checkedAt: ContinuousClock.Instant
    }

    public let store: TenantDocumentStore
    public let refreshInterval: Duration
    private let decode: @Sendable ([UInt8]) throws -> Settings
    private let entries = Mutex<[String: Entry]>([:])

    public init(store: TenantDocumentStore, refreshInterval: Duration = .seconds(2), decode: @escaping @Sendable ([UInt8]) throws -> Settings) {
        self.store = store
        self.refreshInterval = refreshInterval
        self.decode = decode
    }

    /// The tenant's settings, or nil when it has none.
    public func settings(for tenant: String) async throws -> Settings? {
        let now = ContinuousClock.now
        let cached = entries.withLock { $0[tenant] }
        if let cached, now - cached.checkedAt < refreshInterval { return cached.settings }
        if let cached, try await store.version(tenant) == cached.version {
            entries.withLock { $0[tenant]?.checkedAt = now }
            return cached.settings
        }
        guard let stored = try await store.get(tenant) else {
            entries.withLock { _ = $0.removeValue(forKey: tenant) }
            return nil
        }
        do {
            let settings = try decode(stored.document)
            entries.withLock { $0[tenant] = Entry(version: stored.version, settings: settings, checkedAt: now) }
            return settings
        } catch {
            if let cached { return cached.settings }  // keep the last good settings
            throw error
        }
    }

    /// The tenant's settings when the copy in memory is fresh (checked within `refreshInterval`), without asking
    /// Redis; nil otherwise (not loaded, or due for its version check: then `settings(for:)` is the way).
    public func cached(for tenant: String) -> Settings? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[tenant], now - entry.checkedAt < refreshInterval else { return nil }
            return entry.settings
        }
    }

    /// The version in use for a tenant (0 = not loaded).
    public func version(for tenant: String) -> Int { entries.withLock { $0[tenant]?.version ?? 0 } }
}
