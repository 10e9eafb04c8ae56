import Foundation
import Shared

// deals: the deals flow's worker («Передача сделок»). Consumes `deals`: Planfix deal tasks (posted by the tenant's
// automation, coalesced per task by the ingest) → the UIS sales funnel kept in step, and each deal's stage and
// amount staged, linked to the call that created the task when the fleet knows it; `deals.upload` runs send the
// staged records of many deals in one `upload.deals_history` call. Every 30 s it asks for the runs that are due.
// Environment: REDIS_URL / REDIS_SENTINELS, FLEET_* (WorkerConfiguration), FLEET_LOG_LEVEL,
// DEALS_UPLOAD_MAX_WAIT_SECONDS (how long a staged record may wait while a burst goes on; default 60).
let environment = ProcessInfo.processInfo.environment
let logger = Logger(process: "deals", minimumLevel: LogLevel(environment: environment))
do {
    let resolver = try RedisEndpointResolver.fromEnvironment(environment)
    let configuration = try WorkerConfiguration(environment: environment)
    let maxWait = try DealUploadTrigger.maxWait(environment: environment)
    let redis = RedisClient(resolver: resolver, name: "deals")
    let settings = TenantClients.settingsCache(redis: redis)
    let clients = TenantClients(settings: settings, callGuard: RemoteCallGuard(redis: redis, logger: logger))
    let trigger = DealUploadTrigger(redis: redis, maxWait: maxWait)
    logger.info("deals.start", "deals are uploaded to UIS analytics: UIS's own «Сделки» switch must be off for every tenant served here, or revenue is counted twice")
    let worker = try Worker(process: "deals", configuration: configuration, resolver: resolver, queues: [FleetJobs.Queue.deals],
                            kinds: [DealChange(clients: clients, redis: redis, trigger: trigger).kind, DealUpload(clients: clients, redis: redis).kind],
                            logger: logger)
    worker.shutdown.installSignalHandlers()
    // Staged records whose upload run was never asked for or was lost (a job that died before asking, a long burst).
    let scheduler = Task {
        while !Task.isCancelled {
            do {
                let queued = try await DealUpload.schedule(redis: redis, settings: settings, trigger: trigger)
                if !queued.isEmpty { logger.info("deals.upload_scheduled", "upload runs queued for \(queued.joined(separator: ", "))") }
            } catch {
                logger.warning("deals.upload_schedule_failed", "\(error)")
            }
            try? await Task.sleep(for: DealUpload.scheduleInterval)
        }
    }
    try await worker.run()
    scheduler.cancel()
} catch {
    logger.error("worker.failed", "\(error)")
    exit(1)
}
