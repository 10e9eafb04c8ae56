import Foundation
import IngestCore
import Shared

// ingest: the fleet's only public HTTP endpoint. Webhooks under /hooks/, the admin API under /admin/, and
// /healthz and /metrics. Environment: see IngestConfiguration (INGEST_*), REDIS_URL / REDIS_SENTINELS,
// FLEET_LOG_LEVEL.
let environment = ProcessInfo.processInfo.environment
let logger = Logger(process: "ingest", minimumLevel: LogLevel(environment: environment))
do {
    let configuration = try IngestConfiguration.fromEnvironment(environment)
    let resolver = try RedisEndpointResolver.fromEnvironment(environment)
    let redis = RedisClient(resolver: resolver, name: "ingest")
    if let warnings = try? await RedisServerRequirements.check(redis) {
        for warning in warnings { logger.warning("redis.settings", warning) }
    }
    let service = try IngestService(configuration: configuration, redis: redis, logger: logger)
    let shutdown = ShutdownSignal()
    shutdown.installSignalHandlers()
    let server = StatusServer(host: configuration.host, port: configuration.port, redis: redis, logger: logger,
                              inlineRoutes: service.inlineRoute, routes: service.route)
    try server.start()
    logger.info("ingest.listening", "listening on \(configuration.host):\(server.port)",
                ["redis": resolver.description, "admin_api": configuration.adminToken == nil ? "off" : "on"])
    await shutdown.wait()
    server.stop()
    redis.close()
    logger.info("ingest.stopped")
} catch {
    logger.error("ingest.failed", "\(error)")
    exit(1)
}
