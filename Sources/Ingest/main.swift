import Foundation
import Shared

// ingest: the fleet's only public HTTP endpoint. Until the webhook routes land it serves /healthz and /metrics.
//   INGEST_PORT (default 8080), INGEST_HOST (default 127.0.0.1), REDIS_URL / REDIS_SENTINELS, FLEET_LOG_LEVEL
let environment = ProcessInfo.processInfo.environment
let logger = Logger(process: "ingest", minimumLevel: LogLevel(environment: environment))
do {
    let resolver = try RedisEndpointResolver.fromEnvironment(environment)
    let redis = RedisClient(resolver: resolver, name: "ingest")
    guard let port = Int(environment["INGEST_PORT"] ?? "8080"), (0...65535).contains(port) else {
        throw ConfigurationError("INGEST_PORT must be a port number")
    }
    let host = environment["INGEST_HOST"] ?? "127.0.0.1"
    if let warnings = try? await RedisServerRequirements.check(redis) {
        for warning in warnings { logger.warning("redis.settings", warning) }
    }
    let shutdown = ShutdownSignal()
    shutdown.installSignalHandlers()
    let server = StatusServer(host: host, port: port, redis: redis, logger: logger)
    try server.start()
    logger.info("ingest.listening", "listening on \(host):\(server.port)", ["redis": resolver.description])
    await shutdown.wait()
    server.stop()
    redis.close()
    logger.info("ingest.stopped")
} catch {
    logger.error("ingest.failed", "\(error)")
    exit(1)
}
