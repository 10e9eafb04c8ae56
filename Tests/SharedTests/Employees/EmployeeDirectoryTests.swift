import Foundation
import Testing
import TestSupport
@testable import Shared

/// The employee mapping in Redis (versions, atomic replace, lookups) and the periodic-sync schedule.
@Suite(.serialized) struct EmployeeDirectoryTests {
    let a = EmployeeMapping(planfixUserId: 3, uisEmployeeId: 30, extension: "101", name: "Анна", email: "a@x.ru", matchedBy: .extension)
    let b = EmployeeMapping(planfixUserId: 5, uisEmployeeId: 50, extension: nil, name: "Борис", email: nil, matchedBy: .name)

    @Test func replaceWritesANewVersionThatReadersSeeWhole() async throws {
        let server = try RedisServer()
        let directory = EmployeeDirectory(redis: RedisClient(resolver: server.resolver))
        #expect(try await directory.snapshot(tenant: "acme") == nil)
        #expect(try await directory.replace(tenant: "acme", mappings: [a], at: 1000) == 1)
        #expect(try await directory.replace(tenant: "acme", mappings: [a, b], at: 2000) == 2)
        let snapshot = try #require(try await directory.snapshot(tenant: "acme"))
        #expect(snapshot.version == 2 && snapshot.syncedAt == 2000 && snapshot.mappings == [a, b])
        #expect(snapshot.byExtension("101") == a && snapshot.byUISEmployee(50) == b && snapshot.byPlanfixUser(9) == nil)
        #expect(snapshot.knownPlanfixUsers == [3, 5])
        #expect(try await directory.snapshot(tenant: "other") == nil, "tenants are separate")
        // Before any sync, the settings' employees stand in for the mapping.
        var settings = TenantSettings()
        settings.employees.planfixUserIds = [8]
        #expect(try await directory.knownEmployees(tenant: "other", settings: settings) == [8])
        #expect(try await directory.knownEmployees(tenant: "acme", settings: settings) == [3, 5])
    }

    @Test func theScheduleAsksOnlyForDueTenantsAndNeverTwice() async throws {
        let server = try RedisServer()
        let redis = RedisClient(resolver: server.resolver)
        let example = try TenantSettings.parse(Data(contentsOf: Executables.packageRoot.appendingPathComponent("settings/tenant.example.json"))).get()
        var due = example
        due.employees.autoSyncHours = 6
        let off = example
        for (tenant, settings) in [("due", due), ("off", off), ("fresh", due)] {
            _ = try await TenantOperations(redis: redis).importDocument(tenant: tenant, bytes: Array(try JSONEncoder().encode(settings.json)))
        }
        let directory = EmployeeDirectory(redis: redis)
        var fresh = EmployeeSyncStatus(state: .succeeded, jobId: "j", scope: "all", requestedBy: "fleetctl", startedAt: 0)
        fresh.lastSucceededAt = WallClock.epochMillis() - 3_600_000
        try await directory.setStatus(tenant: "fresh", fresh)
        let schedule = EmployeeSyncSchedule(redis: redis, settings: TenantClients.settingsCache(redis: redis))
        #expect(try await schedule.tick() == ["due"])
        #expect(try await schedule.tick() == [], "the waiting request is not queued twice")
        let queue = try JobQueue(name: FleetJobs.Queue.employees, redis: redis)
        #expect(try await queue.depths().orderedPending == 1)
    }
}
