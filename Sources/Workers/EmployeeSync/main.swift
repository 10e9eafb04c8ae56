import Foundation
import Shared

// employee-sync: consumes the `employees` queue (syncs asked for by fleetctl, the admin API or the schedule) and,
// once a minute, queues the periodic syncs of tenants that have `employees.auto_sync_hours`.
// Environment: REDIS_URL / REDIS_SENTINELS, FLEET_* (WorkerConfiguration), FLEET_LOG_LEVEL.
let environment = ProcessInfo.processInfo.environment
let logger = Logger(process: "employee-sync", minimumLevel: LogLevel(environment: environment))
do {
    let resolver = try RedisEndpointResolver.fromEnvironment(environment)
    var configuration = try WorkerConfiguration(environment: environment)
    if environment["FLEET_CONCURRENCY"] == nil { configuration.concurrency = 4 }  // syncs are few and slow
    let redis = RedisClient(resolver: resolver, name: "employee-sync")
    let settings = TenantClients.settingsCache(redis: redis)
    let clients = TenantClients(settings: settings, callGuard: RemoteCallGuard(redis: redis, logger: logger))
    let sync = EmployeeSync(clients: clients, redis: redis)
    let worker = try Worker(process: "employee-sync", configuration: configuration, resolver: resolver,
                            queues: [FleetJobs.Queue.employees], kinds: [sync.kind], logger: logger)
    worker.shutdown.installSignalHandlers()
    let schedule = EmployeeSyncSchedule(redis: redis, settings: settings)
    let ticker = Task {
        while !Task.isCancelled {
            do {
                let queued = try await schedule.tick()
                if !queued.isEmpty { logger.info("employees.scheduled", "periodic sync queued for \(queued.joined(separator: ", "))") }
            } catch {
                logger.warning("employees.schedule_failed", "\(error)")
            }
            try? await Task.sleep(for: .seconds(60))
        }
    }
    try await worker.run()
    ticker.cancel()
} catch {
    logger.error("worker.failed", "\(error)")
    exit(1)
}
