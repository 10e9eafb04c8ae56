import Foundation
import Testing
import TestSupport
@testable import Shared

/// Group commit (`RedisBatchScript`) against a real redis-server: items queued together share one script call,
/// and each gets its own reply, whatever happens to the call.
@Suite struct RedisBatchScriptTests {
    let server: RedisServer
    let client: RedisClient

    init() throws {
        server = try RedisServer()
        client = RedisClient(resolver: server.resolver, name: "test")
    }

    /// Each item: INCR its own key and answer the new value; every call records its item count in `sizes`. A new
    /// object per test: a script remembers its SHA, and the suites' servers run side by side.
    static var counting: RedisScript { RedisScript(name: "counting", source: """
        local out = {}
        for i = 2, #KEYS do out[#out + 1] = redis.call('INCRBY', KEYS[i], ARGV[i - 1]) end
        redis.call('RPUSH', KEYS[1], #out)
        return out
        """) }

    func evalshaCalls() throws -> Int {
        let stats = try server.command("INFO", "commandstats").string ?? ""
        guard let line = stats.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("cmdstat_evalsha:") }),
              let calls = line.split(separator: "=").dropFirst().first?.split(separator: ",").first else { return 0 }
        return Int(calls) ?? 0
    }

    @Test func concurrentItemsShareCallsAndEachGetsItsOwnReply() async throws {
        let script = RedisBatchScript(script: Self.counting, sharedKeys: ["sizes"], maxItems: 16)
        let n = 400
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<n {
                group.addTask {
                    let reply = try await client.run(RedisBatchItem(keys: ["k\(i)"], args: [Array(String(i + 1).utf8)]), in: script)
                    #expect(reply.int == i + 1, "item \(i) got another item's reply: \(reply)")
                }
            }
            try await group.waitForAll()
        }
        let sizes = try server.command("LRANGE", "sizes", "0", "-1").array?.compactMap(\.int) ?? []
        #expect(sizes.reduce(0, +) == n, "every item ran once")
        #expect(sizes.allSatisfy { $0 >= 1 && $0 <= 16 }, "no call over maxItems: \(sizes)")
        #expect(sizes.count < n, "items queued together shared calls: \(sizes.count) calls for \(n) items")
        let calls = try evalshaCalls()
        #expect(calls == sizes.count, "\(calls) EVALSHA calls, sizes \(sizes)")
    }

    @Test func itemsMixWithPlainCommandsInOneRoundTrip() async throws {
        let script = RedisBatchScript(script: Self.counting, sharedKeys: ["sizes"])
        async let a = client.run(RedisBatchItem(keys: ["a"], args: [Array("5".utf8)]), in: script)
        async let echo = client.send(RedisCommand("ECHO", "plain"))
        async let b = client.run(RedisBatchItem(keys: ["b"], args: [Array("7".utf8)]), in: script)
        #expect(try await a.int == 5)
        #expect(try await echo.string == "plain")
        #expect(try await b.int == 7)
    }

    @Test func aFlushedScriptCacheIsReloadedAndEachItemRunsOnce() async throws {
        let script = RedisBatchScript(script: Self.counting, sharedKeys: ["sizes"])
        #expect(try await client.run(RedisBatchItem(keys: ["c"], args: [Array("1".utf8)]), in: script).int == 1)
        try server.command("SCRIPT", "FLUSH")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask { _ = try await client.run(RedisBatchItem(keys: ["c"], args: [Array("1".utf8)]), in: script) }
            }
            try await group.waitForAll()
        }
        #expect(try server.command("GET", "c").int == 21, "NOSCRIPT ran nothing; the reload ran every item once")
    }

    @Test func aFailedCallIsEachItemsErrorReply() async throws {
        let failing = RedisBatchScript(script: RedisScript(name: "failing", source: "return redis.error_reply('ERR refused')"),
                                       sharedKeys: [])
        let replies = try await withThrowingTaskGroup(of: RedisReply.self) { group in
            for i in 0..<5 { group.addTask { try await client.run(RedisBatchItem(keys: ["x\(i)"], args: []), in: failing) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(replies.count == 5 && replies.allSatisfy { $0 == .error("ERR refused") })
        // A reply of the wrong shape (not one per item) is an error for each item, never a wrong reply.
        let wrongShape = RedisBatchScript(script: RedisScript(name: "wrong", source: "return {1, 2, 3}"), sharedKeys: [])
        await #expect(throws: RedisError.self) { try await client.run(RedisBatchItem(keys: ["y"], args: []), in: wrongShape) }
    }

    @Test func itemsFailWithTheConnectionWhenRedisIsDown() async throws {
        let script = RedisBatchScript(script: Self.counting, sharedKeys: ["sizes"])
        _ = try await client.run(RedisBatchItem(keys: ["d"], args: [Array("1".utf8)]), in: script)
        server.kill()
        await #expect(throws: RedisError.self) { try await client.run(RedisBatchItem(keys: ["d"], args: [Array("1".utf8)]), in: script) }
    }
}
