import Foundation
import Testing
import TestSupport
@testable import Shared

/// Every file under deploy/ is exercised here.
@Suite struct DeployFilesTests {
    @Test func exampleEnvironmentIsAcceptedAsIs() throws {
        let env = try DeployEnvironment.example()
        let configuration = try WorkerConfiguration(environment: env)
        #expect(configuration.concurrency == 32)
        #expect(configuration.heartbeatTTL == .seconds(30))
        #expect(configuration.metricsPort == 9101)
        _ = try RedisEndpointResolver.fromEnvironment(env)
    }

    @Test func badSettingsAreNamed() {
        #expect(throws: ConfigurationError.self) { try WorkerConfiguration(environment: ["FLEET_CONCURRENCY": "lots"]) }
        do {
            _ = try WorkerConfiguration(environment: ["FLEET_HEARTBEAT_TTL_MS": "5"])
            Issue.record("accepted a 5 ms heartbeat")
        } catch {
            #expect("\(error)".contains("FLEET_HEARTBEAT_TTL_MS"))
        }
    }

    @Test func productionRedisConfigurationPassesTheStartupCheck() async throws {
        let conf = Executables.packageRoot.appendingPathComponent("deploy/redis/redis.conf").path
        let server = try RedisServer(configFile: conf)
        let redis = RedisClient(resolver: server.resolver)
        #expect(try await RedisServerRequirements.check(redis) == [])
        #expect(try server.command("CONFIG", "GET", "appendfsync").array?.last?.string == "everysec")
        #expect(try server.command("CONFIG", "GET", "auto-aof-rewrite-min-size").array?.last?.string == String(512 << 20))
    }

    @Test func unsafeRedisSettingsAreReported() async throws {
        let server = try RedisServer(extraArguments: ["--appendonly", "no", "--maxmemory-policy", "allkeys-lru"])
        let warnings = try await RedisServerRequirements.check(RedisClient(resolver: server.resolver))
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.contains("maxmemory-policy is allkeys-lru") })
    }
}
