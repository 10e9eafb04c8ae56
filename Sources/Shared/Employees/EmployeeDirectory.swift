import Foundation

/// The synced employee mapping of each tenant in Redis (Planfix user ↔ UIS employee ↔ extension ↔ name), the one
/// small API the workers and the ingest read it through, and the last sync's status.
///
/// A sync replaces the whole mapping with one script (new version, document and time together), and a reader
/// gets all three with one `HMGET`, so nobody ever sees half a sync; the previous mapping stays in force until
/// a sync finishes. How it fails: a stored document that does not decode reads as no mapping (and is logged by
/// the caller); Redis errors surface.
public struct EmployeeDirectory: Sendable {
    /// One version of a tenant's mapping, with lookups.
    public struct Snapshot: Sendable, Equatable, Codable {
        public var version: Int
        /// Epoch milliseconds.
        public var syncedAt: Int64
        public var mappings: [EmployeeMapping]

        public func byPlanfixUser(_ id: Int) -> EmployeeMapping? { mappings.first { $0.planfixUserId == id } }
        public func byUISEmployee(_ id: Int) -> EmployeeMapping? { mappings.first { $0.uisEmployeeId == id } }
        public func byExtension(_ ext: String) -> EmployeeMapping? { mappings.first { $0.extension == ext } }
        /// The Planfix users the rules engine may assign (an unsynced employee falls back to the default responsible).
        public var knownPlanfixUsers: Set<Int> { Set(mappings.map(\.planfixUserId)) }
    }

    static let replaceScript = RedisScript(name: "replaceEmployees", source: """
        local v = redis.call('HINCRBY', KEYS[1], 'version', 1)
        redis.call('HSET', KEYS[1], 'document', ARGV[1], 'syncedAt', ARGV[2])
        return v
        """)

    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    public func snapshot(tenant: String) async throws -> Snapshot? {
        let reply = try await redis.send(RedisCommand("HMGET", TenantKeys(tenant: tenant).employeeMapping, "version", "document", "syncedAt")).orThrow()
        guard let parts = reply.array, parts.count == 3, let version = parts[0].int, let document = parts[1].bytes,
              let mappings = try? JSONDecoder().decode([EmployeeMapping].self, from: Data(document)) else { return nil }
        return Snapshot(version: version, syncedAt: Int64(parts[2].int ?? 0), mappings: mappings)
    }

    /// Stores a new mapping as the next version. - Returns: the version.
    @discardableResult
    public func replace(tenant: String, mappings: [EmployeeMapping], at now: Int64 = WallClock.epochMillis()) async throws -> Int {
        let document = Array(try JSONEncoder().encode(mappings))
        let reply = try await redis.run(Self.replaceScript, keys: [TenantKeys(tenant: tenant).employeeMapping],
                                        args: [document, Array(String(now).utf8)]).orThrow()
        guard let version = reply.int else { throw RedisError.unexpectedReply("replaceEmployees returned \(reply)") }
        return version
    }

    /// The Planfix users responsibles may be assigned to: the synced mapping, or before any sync the employees the
    /// settings name (so a dry run is meaningful on a new tenant).
    public func knownEmployees(tenant: String, settings: TenantSettings) async throws -> Set<Int> {
        try await snapshot(tenant: tenant)?.knownPlanfixUsers ?? Set(settings.employees.planfixUserIds)
    }

    /// The last sync and the mapping in force, as fleetctl and the admin API show them.
    public func view(tenant: String) async throws -> EmployeeView {
        EmployeeView(status: try await status(tenant: tenant), snapshot: try await snapshot(tenant: tenant))
    }

    public func status(tenant: String) async throws -> EmployeeSyncStatus? {
        let reply = try await redis.send(RedisCommand("GET", TenantKeys(tenant: tenant).employeeSyncStatus)).orThrow()
        return reply.bytes.flatMap { try? JSONDecoder().decode(EmployeeSyncStatus.self, from: Data($0)) }
    }

    public func setStatus(tenant: String, _ status: EmployeeSyncStatus) async throws {
        try await redis.send(RedisCommand([Array("SET".utf8), Array(TenantKeys(tenant: tenant).employeeSyncStatus.utf8),
                                           Array(try JSONEncoder().encode(status))])).orThrow()
    }
}
