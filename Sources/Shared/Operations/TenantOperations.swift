import Foundation

/// The tenant-settings operations behind `fleetctl tenant ...` and the ingest's admin API: validate, import,
/// show and export (secrets redacted unless asked), delete.
///
/// A document is validated completely before anything is stored: an invalid one changes nothing and comes back
/// with every problem and its path.
public struct TenantOperations: Sendable {
    public let store: TenantDocumentStore
    public let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
        store = TenantDocumentStore(redis: redis)
    }

    /// Every problem of a document, or the settings.
    public static func validate(_ bytes: [UInt8]) -> Result<TenantSettings, SettingsDocumentError> {
        TenantSettings.parse(Data(bytes))
    }

    /// Validates and stores. - Returns: the new version.
    /// - Throws: `SettingsDocumentError` (nothing stored) or a store error.
    public func importDocument(tenant: String, bytes: [UInt8], expectedVersion: Int? = nil) async throws -> Int {
        switch Self.validate(bytes) {
        case let .failure(error): throw error
        case .success: return try await store.put(tenant, document: bytes, expectedVersion: expectedVersion)
        }
    }

    /// The stored document as JSON text, with secrets replaced by "***" unless `withSecrets`.
    /// - Throws: `QueueError.notFound` for an unknown tenant.
    public func document(tenant: String, withSecrets: Bool) async throws -> (version: Int, text: String) {
        guard let stored = try await store.get(tenant) else { throw QueueError.notFound("no settings for tenant \(tenant)") }
        if withSecrets { return (stored.version, String(decoding: stored.document, as: UTF8.self)) }
        switch TenantSettings.parse(Data(stored.document)) {
        case let .success(settings):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return (stored.version, String(decoding: try encoder.encode(settings.redacted().json), as: UTF8.self))
        case .failure:
            // Written by another version of the fleet: never show it unredacted by accident.
            return (stored.version, "{\"error\": \"the stored document does not validate with this fleetctl; use --with-secrets to see it\"}")
        }
    }

    /// The tenant's stored settings, decoded.
    /// - Throws: `QueueError.notFound` for an unknown tenant, `QueueError.invalid` when the stored document does not
    ///   validate with this version of the fleet.
    public func settings(tenant: String) async throws -> TenantSettings {
        guard let stored = try await store.get(tenant) else { throw QueueError.notFound("no settings for tenant \(tenant)") }
        guard case let .success(settings) = TenantSettings.parse(Data(stored.document)) else {
            throw QueueError.invalid("the stored settings of \(tenant) do not validate with this version of the fleet")
        }
        return settings
    }

    /// What the stored settings, or a `proposed` document, would have done with the tenant's recent events.
    /// - Throws: `SettingsDocumentError` for a document (proposed or stored) that does not validate; nothing is stored.
    public func dryRun(tenant: String, proposed: [UInt8]?, since: Duration?) async throws -> DryRun.Summary {
        var bytes = proposed
        if bytes == nil {
            guard let stored = try await store.get(tenant) else { throw QueueError.notFound("no settings for tenant \(tenant)") }
            bytes = stored.document
        }
        let settings = try Self.validate(bytes ?? []).get()
        let events = try await RecentEvents(redis: redis).list(tenant: tenant, since: since)
        let known = try await EmployeeDirectory(redis: redis).knownEmployees(tenant: tenant, settings: settings)
        return DryRun.run(settings: settings, events: events, knownEmployees: known)
    }

    /// The tenant's setup guide (see `SetupGuide`).
    public func setupGuide(tenant: String, baseURL: String, withSecrets: Bool) async throws -> SetupGuide {
        SetupGuide(tenant: tenant, settings: try await settings(tenant: tenant), baseURL: baseURL, withSecrets: withSecrets)
    }
}
