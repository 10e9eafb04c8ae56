import Foundation
import Testing
import TestSupport
@testable import Shared

/// The client finds the master through Sentinel and follows a failover.
@Suite struct RedisSentinelTests {
    @Test func followsAFailover() async throws {
        let master = try RedisServer()
        let replica = try RedisServer()
        try replica.command("REPLICAOF", "127.0.0.1", "\(master.port)")
        let sentinel = try SentinelServer(masterName: "fleetmaster", masterPort: master.port)
        let resolver = try RedisEndpointResolver.fromEnvironment([
            "REDIS_URL": "redis://127.0.0.1:1/0",  // in Sentinel mode only its password and db are used
            "REDIS_SENTINELS": "127.0.0.1:\(try FreePort.find()),127.0.0.1:\(sentinel.port)",  // the first one is down
            "REDIS_MASTER_NAME": "fleetmaster",
        ])
        let client = RedisClient(resolver: resolver, name: "sentinel-test")
        #expect(try await eventually(timeout: .seconds(10)) { (try? await client.send(RedisCommand("SET", "before", "1"))) != nil })
        #expect(try master.command("GET", "before").string == "1", "the first write must land on the master")
        #expect(try await eventually(timeout: .seconds(10)) { try replica.command("GET", "before").string == "1" }, "replication did not start")

        let sentinelConnection = RedisConnection(resolver: RedisEndpointResolver(url: try RedisURL(parsing: "redis://127.0.0.1:\(sentinel.port)")))
        // Sentinel needs to have discovered the replica before it can promote it.
        #expect(try await eventually(timeout: .seconds(20)) {
            (try? sentinelConnection.command(RedisCommand("SENTINEL", "FAILOVER", "fleetmaster")).orThrow()) != nil
        }, "sentinel never accepted the failover")
        #expect(try await eventually(timeout: .seconds(20)) { try replica.command("ROLE").array?.first?.string == "master" },
                "the replica was not promoted")
        // The client notices (READONLY or a dropped connection), asks Sentinel again and writes to the new master.
        let followed = try await eventually(timeout: .seconds(20)) {
            let wrote = (try? await client.send(RedisCommand("SET", "after", "2"))) != nil
            return try wrote && replica.command("GET", "after").string == "2"
        }
        #expect(followed, "the client did not follow the failover")
    }
}
