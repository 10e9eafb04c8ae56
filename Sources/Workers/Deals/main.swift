import Foundation
import Shared

// deals: the deals flow's worker («Передача сделок»). Consumes `deals`: Planfix deal tasks (posted by the tenant's
// automation, coalesced per task by the ingest) → the UIS sales funnel kept in step, and each deal's stage and
// amount uploaded with `upload.deals_history`, linked to the call that created the task when the fleet knows it.
// Environment: REDIS_URL / REDIS_SENTINELS, FLEET_* (WorkerConfiguration), FLEET_LOG_LEVEL.
let environment = ProcessInfo.processInfo.environment
let logger = Logger(process: "deals", minimumLevel: LogLevel(environment: environment))
do {
    let resolver = try RedisEndpointResolver.fromEnvironment(environment)
    let configuration = try WorkerConfiguration(environment: environment)
    let redis = RedisClient(resolver: resolver, name: "deals")
    let clients = TenantClients(settings: TenantClients.settingsCache(redis: redis), callGuard: RemoteCallGuard(redis: redis, logger: logger))
    logger.info("deals.start", "deals are uploaded to UIS analytics: UIS's own «Сделки» switch must be off for every tenant served here, or revenue is counted twice")
    let worker = try Worker(process: "deals", configuration: configuration, resolver: resolver, queues: [FleetJobs.Queue.deals],
                            kinds: [DealChange(clients: clients, redis: redis).kind], logger: logger)
    worker.shutdown.installSignalHandlers()
    try await worker.run()
} catch {
    logger.error("worker.failed", "\(error)")
    exit(1)
}
