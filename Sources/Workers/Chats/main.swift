import Foundation
import Shared

// chats: the text-communications flow's worker. Consumes `chats`: UIS chat and lead notifications (hints: the
// record is read from the Data API), the per-tenant poller over UIS's chat and lead reports, and the chats and
// leads it finds; each becomes, per the tenant's rules, a Planfix contact and/or task once, with the chat's
// transcript added when the chat ends.
// Environment: REDIS_URL / REDIS_SENTINELS, FLEET_* (WorkerConfiguration), FLEET_LOG_LEVEL.
let environment = ProcessInfo.processInfo.environment
let logger = Logger(process: "chats", minimumLevel: LogLevel(environment: environment))
do {
    let resolver = try RedisEndpointResolver.fromEnvironment(environment)
    let configuration = try WorkerConfiguration(environment: environment)
    let redis = RedisClient(resolver: resolver, name: "chats")
    let settings = TenantClients.settingsCache(redis: redis)
    let clients = TenantClients(settings: settings, callGuard: RemoteCallGuard(redis: redis, logger: logger))
    let kinds = TextEvents(clients: clients, redis: redis).kinds + [ChatPoller(clients: clients, redis: redis).kind]
    let worker = try Worker(process: "chats", configuration: configuration, resolver: resolver,
                            queues: [FleetJobs.Queue.chats], kinds: kinds, logger: logger)
    worker.shutdown.installSignalHandlers()
    // The poller: one run per tenant every 5 minutes, whatever the number of workers.
    let poller = Task {
        while !Task.isCancelled {
            do { _ = try await ChatPoller.schedule(redis: redis, settings: settings) } catch {
                logger.warning("chats.poll_schedule_failed", "\(error)")
            }
            try? await Task.sleep(for: .seconds(60))
        }
    }
    try await worker.run()
    poller.cancel()
} catch {
    logger.error("worker.failed", "\(error)")
    exit(1)
}
