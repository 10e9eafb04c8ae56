import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// The Redis layer against a real, private redis-server.
@Suite struct RedisClientTests {
    let server: RedisServer
    let client: RedisClient

    init() throws {
        server = try RedisServer()
        client = RedisClient(resolver: server.resolver, name: "test")
    }

    @Test func commandsArePipelinedAndBinarySafe() async throws {
        let binary: [UInt8] = [0, 1, 2, 0xff, 13, 10, 0]
        let replies = try await client.pipeline([
            RedisCommand([Array("SET".utf8), Array("k".utf8), binary]),
            RedisCommand("GET", "k"),
            RedisCommand("INCRBY", "n", "41"),
            RedisCommand("LPUSH", "l", "a", "b"),
            RedisCommand("LRANGE", "l", "0", "-1"),
            RedisCommand("GET", "missing"),
            RedisCommand("HSET", "l", "x", "y"),  // WRONGTYPE comes back in place, not thrown
        ])
        #expect(replies[0] == .status("OK"))
        #expect(replies[1].bytes == binary)
        #expect(replies[2].int == 41)
        #expect(replies[4].array?.compactMap(\.string) == ["b", "a"])
        #expect(replies[5].isNull)
        if case let .error(message) = replies[6] { #expect(message.hasPrefix("WRONGTYPE")) } else { Issue.record("expected an error reply") }
    }

    @Test func manyConcurrentCallersAllGetTheirOwnReply() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<500 {
                group.addTask {
                    let reply = try await client.send(RedisCommand("ECHO", "value-\(i)"))
                    #expect(reply.string == "value-\(i)")
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func scriptsReloadAfterTheServerForgetsThem() async throws {
        let script = RedisScript(name: "t", source: "return redis.call('INCR', KEYS[1])")
        #expect(try await client.run(script, keys: ["c"], args: [String]()).int == 1)
        try await client.send(RedisCommand("SCRIPT", "FLUSH"))
        #expect(try await client.run(script, keys: ["c"], args: [String]()).int == 2)
    }

    @Test func serverErrorsAreThrownWithTheirText() async throws {
        await #expect(throws: RedisError.self) { try await client.send(RedisCommand("NOSUCHCOMMAND")) }
    }

    @Test func reconnectsAfterARedisRestart() async throws {
        try await client.send(RedisCommand("SET", "survives", "yes"))
        server.kill()
        await #expect(throws: RedisError.self) { try await client.send(RedisCommand("GET", "survives")) }
        try server.start()
        let back = try await eventually(timeout: .seconds(10)) {
            (try? await client.send(RedisCommand("GET", "survives")))?.string == "yes"
        }
        #expect(back, "the client did not reconnect, or the acknowledged write was lost")
    }

    @Test func unreachableRedisFailsFastWithAClearError() async throws {
        let port = try FreePort.find()
        let nowhere = RedisClient(resolver: RedisEndpointResolver(url: try RedisURL(parsing: "redis://:hunter22@127.0.0.1:\(port)/0")))
        do {
            try await nowhere.send(["PING"])
            Issue.record("PING to a closed port succeeded")
        } catch let error as RedisError {
            #expect(error.isConnectionProblem)
            #expect(!error.description.contains("hunter22"))
        }
    }

    @Test func authenticatesAndSelectsTheDatabase() async throws {
        try server.command("CONFIG", "SET", "requirepass", "pa55word")
        let authed = RedisClient(resolver: RedisEndpointResolver(url: try RedisURL(parsing: "redis://:pa55word@127.0.0.1:\(server.port)/5")))
        try await authed.send(RedisCommand("SET", "in5", "x"))
        #expect(try await authed.send(RedisCommand("GET", "in5")).string == "x")
        let wrong = RedisClient(resolver: RedisEndpointResolver(url: try RedisURL(parsing: "redis://:nope1234@127.0.0.1:\(server.port)/5")))
        await #expect(throws: RedisError.self) { try await wrong.send(["PING"]) }
    }

    @Test func blockingCommandsTimeOutOnTheirOwnConnection() throws {
        let connection = RedisConnection(resolver: server.resolver, commandTimeout: .seconds(5))
        let start = ContinuousClock.now
        let reply = try connection.command(RedisCommand("BLMOVE", "empty", "other", "RIGHT", "LEFT", "1"))
        #expect(reply.isNull)
        #expect(ContinuousClock.now - start >= .milliseconds(900))
    }
}
