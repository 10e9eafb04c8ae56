import Foundation
import Shared

// telephony: the telephony flow's worker. Consumes `telephony` (real time: call notifications → Planfix popups and
// call history, click-to-call, personal-manager look-ups) and `telephony-rest` (tasks and fields through the Planfix
// REST API, one tenant at a time per its 1 request/s, and the reconciliation with UIS's call report), so a REST
// backlog never delays a popup.
// Environment: REDIS_URL / REDIS_SENTINELS, FLEET_* (WorkerConfiguration), FLEET_LOG_LEVEL.
let environment = ProcessInfo.processInfo.environment
let logger = Logger(process: "telephony", minimumLevel: LogLevel(environment: environment))
do {
    let resolver = try RedisEndpointResolver.fromEnvironment(environment)
    let configuration = try WorkerConfiguration(environment: environment)
    let redis = RedisClient(resolver: resolver, name: "telephony")
    let settings = TenantClients.settingsCache(redis: redis)
    let clients = TenantClients(settings: settings, callGuard: RemoteCallGuard(redis: redis, logger: logger))
    let kinds = [
        CallEvents(clients: clients, redis: redis).kind,
        ClickToCall(clients: clients, directory: EmployeeDirectory(redis: redis)).kind,
        PersonalManagerLookup(clients: clients, redis: redis).kind,
        CallTask(clients: clients, redis: redis).kind,
        CallReconciliation(clients: clients, redis: redis).kind,
    ]
    let worker = try Worker(process: "telephony", configuration: configuration, resolver: resolver,
                            queues: [FleetJobs.Queue.telephony, FleetJobs.Queue.telephonyREST], kinds: kinds, logger: logger)
    worker.shutdown.installSignalHandlers()
    // Reconciliation with UIS's call report: one run per tenant every 5 minutes, whatever the number of workers.
    let reconciler = Task {
        while !Task.isCancelled {
            do { _ = try await CallReconciliation.schedule(redis: redis, settings: settings) } catch {
                logger.warning("calls.reconcile_schedule_failed", "\(error)")
            }
            try? await Task.sleep(for: .seconds(60))
        }
    }
    try await worker.run()
    reconciler.cancel()
} catch {
    logger.error("worker.failed", "\(error)")
    exit(1)
}
