/// Asking for an employee sync (`fleetctl employees sync`, the ingest's admin API): enqueues one
/// `employees.sync` job for the employee-sync worker.
///
/// The same request while an identical one is still waiting is not queued twice (an impatient operator clicking
/// again gets the pending job back). How it fails: `QueueError.notFound` for a tenant without settings,
/// `QueueError.invalid` for bad ids; Redis errors surface.
public struct EmployeeSyncRequests: Sendable {
    public struct Receipt: Codable, Sendable, Equatable {
        public var tenant: String
        /// False when an identical request was already waiting.
        public var queued: Bool
        public var jobId: String
        public var scope: String
    }

    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    /// - Parameter planfixUserIds: empty for "sync all".
    public func request(tenant: String, planfixUserIds: [Int], requestedBy: String) async throws -> Receipt {
        guard TenantKeys.isValidTenantID(tenant), try await TenantDocumentStore(redis: redis).version(tenant) > 0 else {
            throw QueueError.notFound("no settings for tenant \(tenant)")
        }
        if let bad = planfixUserIds.first(where: { $0 <= 0 }) { throw QueueError.invalid("Planfix user ids are positive, got \(bad)") }
        let ids = Array(Set(planfixUserIds)).sorted()
        let scope = Self.scope(ids)
        let key = Self.deduplicationKey(tenant: tenant, planfixUserIds: ids)
        let payload = EmployeeSyncJob(planfixUserIds: ids, requestedBy: requestedBy, requestedAt: WallClock.epochMillis())
        let job = JobEnvelope(kind: FleetJobs.Kind.employeeSync, tenant: tenant, payload: try JSONValue(encoding: payload),
                              orderingKey: FleetJobs.orderingKey(tenant: tenant, "employees"))
        let queue = try JobQueue(name: FleetJobs.Queue.employees, redis: redis)
        let queued = try await queue.enqueue(job, deduplicationKey: key, ttl: FleetJobs.coalescingTTL)
        let jobId = queued ? job.id : (try await redis.send(RedisCommand("GET", queue.keys.deduplication(key))).string ?? "")
        return Receipt(tenant: tenant, queued: queued, jobId: jobId, scope: scope)
    }

    /// The deduplication key of a request (the employee-sync worker releases it when it starts).
    public static func deduplicationKey(tenant: String, planfixUserIds: [Int]) -> String {
        FleetJobs.employeeSyncKey(tenant: tenant) + ":" + String(fnv1a(scope(Array(Set(planfixUserIds)).sorted())), radix: 36)
    }

    /// `all`, or the sorted ids joined by commas (what the status screen shows).
    static func scope(_ sortedIds: [Int]) -> String {
        sortedIds.isEmpty ? "all" : sortedIds.map(String.init).joined(separator: ",")
    }

    /// A short stable digest of the selection, so a long id list does not make a long key.
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }
}
