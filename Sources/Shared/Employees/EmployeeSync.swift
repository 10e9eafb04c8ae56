import Foundation

/// One employee sync (`employees.sync` job): read Planfix's active employees page by page and UIS's employees,
/// match them (`EmployeeMatcher`), and replace the tenant's mapping (`EmployeeDirectory`) in one step.
///
/// Why it checkpoints: reading a thousand employees takes tens of Planfix requests at 1 request/s, and the job
/// may be deferred by the rate budget or its worker killed half-way; every page read is saved in a progress key,
/// so the next run continues where the last one stopped instead of starting over. The old mapping stays in force
/// until the new one is written. Extensions: when Planfix's user list does not return `extensionNumber`
/// (unverified, planfix-api.md §4 item 2), the UIS extensions of employees still unmatched are looked up with
/// filter 9004, one request each.
///
/// How it fails: a missing setting → dead letter (`not-configured`) and a failed status; refused credentials →
/// failed status with the reason, the job kept until the credentials are fixed; rate budgets and open breakers
/// only defer it, and a transient failure (5xx, 429) with retries left shows its error while the status stays
/// `running` (the retry continues from the checkpoint).
public struct EmployeeSync: Sendable {
    /// A running sync's saved Planfix pages and extension look-ups (the slow part; UIS answers all employees in one
    /// request and is read again on each run).
    struct Progress: Codable {
        var jobId: String
        var planfixUsers: [PlanfixUser] = []
        var planfixOffset = 0
        var planfixDone = false
        /// UIS extension → Planfix user ids found with filter 9004.
        var extensionLookups: [String: [Int]] = [:]
    }

    static let progressTTL: Duration = .seconds(86_400)
    /// A sync makes tens of requests; the runtime's default attempts and backoff apply to transient failures.
    public static let retryPolicy = RetryPolicy(maxAttempts: 10, baseDelay: .seconds(5), maxDelay: .seconds(300), jitter: true)

    public let clients: TenantClients
    public let directory: EmployeeDirectory
    public let redis: RedisClient

    public init(clients: TenantClients, redis: RedisClient) {
        self.clients = clients
        self.redis = redis
        directory = EmployeeDirectory(redis: redis)
    }

    public var kind: JobKind {
        JobKind(FleetJobs.Kind.employeeSync, payload: EmployeeSyncJob.self, retryPolicy: Self.retryPolicy) { job, context in
            try await run(job, context: context)
        }
    }

    public func run(_ job: EmployeeSyncJob, context: JobContext) async throws {
        let tenant = context.job.tenant
        let selected = Set(job.planfixUserIds)
        // From now on an identical request needs a new job: changes made in Planfix after this point are not read.
        let queue = try JobQueue(name: FleetJobs.Queue.employees, redis: redis)
        try await queue.releaseDeduplicationKey(EmployeeSyncRequests.deduplicationKey(tenant: tenant, planfixUserIds: job.planfixUserIds))

        let previous = try await directory.status(tenant: tenant)
        var status = EmployeeSyncStatus(state: .running, jobId: context.job.id, scope: EmployeeSyncRequests.scope(selected.sorted()),
                                        requestedBy: job.requestedBy, startedAt: previous?.jobId == context.job.id ? previous!.startedAt : WallClock.epochMillis())
        status.lastSucceededAt = previous?.lastSucceededAt
        status.mappingVersion = previous?.mappingVersion
        try await directory.setStatus(tenant: tenant, status)
        do {
            let match = try await read(tenant: tenant, holder: context.job.id, only: selected.isEmpty ? nil : selected)
            let old = try await directory.snapshot(tenant: tenant)?.mappings ?? []
            var mappings = match.mappings
            var unmatched = match.unmatched
            if !selected.isEmpty {
                let merged = EmployeeMatcher.merge(previous: old, selected: match, selectedIds: selected)
                mappings = merged.mappings
                unmatched += merged.displaced
            }
            let version = try await directory.replace(tenant: tenant, mappings: mappings)
            try await redis.send(RedisCommand("DEL", TenantKeys(tenant: tenant).employeeSyncProgress)).orThrow()
            status.state = .succeeded
            status.error = nil
            status.finishedAt = WallClock.epochMillis()
            status.lastSucceededAt = status.finishedAt
            status.mappingVersion = version
            status.matched = match.mappings.count
            status.unmatched = unmatched
            status.ambiguous = match.ambiguous
            try await directory.setStatus(tenant: tenant, status)
            context.logger.info("employees.synced", "employee sync finished: \(match.summary)",
                                ["tenant": tenant, "mapping_version": String(version), "scope": status.scope])
        } catch let failure as JobFailure where failure.kind == .deferred && !Self.isCredentialProblem(failure) {
            throw failure  // a budget or a breaker: still running, continues from the checkpoint
        } catch let failure as JobFailure where failure.kind == .transient && context.attempt < Self.retryPolicy.maxAttempts {
            // A 5xx or a 429 that a retry will get past: still running (from the checkpoint), the error on show.
            status.error = SecretRedactor.shared.redact("\(failure)")
            try? await directory.setStatus(tenant: tenant, status)
            throw failure
        } catch {
            status.state = .failed
            status.finishedAt = WallClock.epochMillis()
            status.error = SecretRedactor.shared.redact("\(error)")
            try? await directory.setStatus(tenant: tenant, status)
            context.logger.warning("employees.sync_failed", "employee sync failed, the previous mapping stays: \(status.error ?? "")", ["tenant": tenant])
            throw error
        }
    }

    static func isCredentialProblem(_ failure: JobFailure) -> Bool {
        failure.errorClass.hasSuffix("-credentials") || failure.errorClass.hasSuffix("-paused")
    }

    /// Reads both sides (continuing a saved run) and matches them.
    func read(tenant: String, holder: String, only: Set<Int>?) async throws -> EmployeeMatch {
        let key = TenantKeys(tenant: tenant).employeeSyncProgress
        var progress = Progress(jobId: holder)
        if let bytes = try await redis.send(RedisCommand("GET", key)).orThrow().bytes,
           let saved = try? JSONDecoder().decode(Progress.self, from: Data(bytes)), saved.jobId == holder {
            progress = saved
        }
        func save() async throws {
            try await redis.send(RedisCommand([Array("SET".utf8), Array(key.utf8), Array(try JSONEncoder().encode(progress)),
                                               Array("PX".utf8), Array(String(Self.progressTTL.milliseconds).utf8)])).orThrow()
        }
        let planfix = try await clients.planfix(tenant)
        while !progress.planfixDone {
            let page = try await planfix.listUsersPage(offset: progress.planfixOffset, holder: holder)
            progress.planfixUsers += page
            progress.planfixOffset += PlanfixAssumptions.pageSize
            progress.planfixDone = page.count < PlanfixAssumptions.pageSize
            try await save()
        }
        let uis = try await clients.uisData(tenant)
        var uisEmployees: [UISEmployee] = []
        var offset = 0
        while true {
            let page = try await uis.getEmployees(limit: UISAssumptions.defaultLimit, offset: offset, holder: holder)
            uisEmployees += page.rows
            offset += UISAssumptions.defaultLimit
            if page.rows.count < UISAssumptions.defaultLimit || offset >= UISAssumptions.maxOffset { break }
        }
        var match = EmployeeMatcher.match(planfix: progress.planfixUsers, uis: uisEmployees, only: only)
        // Planfix may not return extensions in the list: ask for the ones still needed, one filter-9004 request each.
        let selectedAllMatched = only.map { ids in ids.isSubset(of: Set(match.mappings.map(\.planfixUserId))) } ?? false
        if !selectedAllMatched, !progress.planfixUsers.contains(where: { $0.extensionNumber != nil }) {
            let matchedUIS = Set(match.mappings.map(\.uisEmployeeId))
            let wanted = uisEmployees.filter { !matchedUIS.contains($0.id) }
                .compactMap { $0.extension?.extensionPhoneNumber?.value }.filter { !$0.isEmpty }
            for ext in Set(wanted).sorted() where progress.extensionLookups[ext] == nil {
                progress.extensionLookups[ext] = try await planfix.findUsers(extension: ext, holder: holder).compactMap(\.id.number)
                try await save()
            }
            if !progress.extensionLookups.isEmpty {
                var users = progress.planfixUsers
                for (ext, ids) in progress.extensionLookups where ids.count == 1 {
                    if let index = users.firstIndex(where: { $0.id.number == ids[0] }) { users[index].extensionNumber = ext }
                }
                match = EmployeeMatcher.match(planfix: users, uis: uisEmployees, only: only)
            }
        }
        // What UIS needs to ring a manager (interactive routing): the employee's numbers.
        let phones = Dictionary(uisEmployees.map { ($0.id, ($0.phoneNumbers ?? []).compactMap { $0.phoneNumber?.value }) }) { a, _ in a }
        for index in match.mappings.indices { match.mappings[index].uisPhones = phones[match.mappings[index].uisEmployeeId] }
        return match
    }
}
