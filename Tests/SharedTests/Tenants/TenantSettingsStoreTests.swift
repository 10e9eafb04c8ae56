import Foundation
import Testing
import TestSupport
@testable import Shared

/// Tenant documents in a real redis-server: versions, optimistic writes, and caches that pick up new versions.
@Suite struct TenantSettingsStoreTests {
    let server: RedisServer
    let store: TenantDocumentStore

    init() throws {
        server = try RedisServer()
        store = TenantDocumentStore(redis: RedisClient(resolver: server.resolver))
    }

    @Test func writesBumpTheVersionAndKeepTheBytes() async throws {
        #expect(try await store.get("acme") == nil)
        let doc = Array(#"{"name":"Акме","n":1}"#.utf8)
        #expect(try await store.put("acme", document: doc) == 1)
        #expect(try await store.put("acme", document: doc) == 2)
        let stored = try #require(try await store.get("acme"))
        #expect(stored.version == 2 && stored.document == doc && stored.updatedAt > 0)
        #expect(try await store.list() == ["acme"])
        #expect(try await store.delete("acme"))
        #expect(try await store.list().isEmpty)
        #expect(try await !store.delete("acme"))
    }

    @Test func aWriteThatLostARaceChangesNothing() async throws {
        try await store.put("acme", document: Array("{}".utf8))
        await #expect(throws: QueueError.self) { try await store.put("acme", document: Array("{\"x\":1}".utf8), expectedVersion: 7) }
        #expect(try await store.get("acme")?.document == Array("{}".utf8))
        #expect(try await store.put("acme", document: Array("{\"x\":1}".utf8), expectedVersion: 1) == 2)
    }

    @Test func badIdsAndHugeDocumentsAreRefused() async throws {
        await #expect(throws: QueueError.self) { try await store.put("a{b}", document: []) }
        await #expect(throws: QueueError.self) { try await store.put("acme", document: [UInt8](repeating: 32, count: TenantDocumentStore.maxDocumentBytes + 1)) }
        #expect(try await store.list().isEmpty)
    }

    @Test func cachesPickUpANewVersionWithinTheRefreshInterval() async throws {
        try await store.put("acme", document: Array("1".utf8))
        let cache = TenantSettingsCache(store: store, refreshInterval: .milliseconds(200)) { bytes -> Int in
            guard let n = Int(String(decoding: bytes, as: UTF8.self)) else { throw QueueError.invalid("not a number") }
            return n
        }
        #expect(try await cache.settings(for: "acme") == 1)
        try await store.put("acme", document: Array("2".utf8))
        #expect(try await eventually(timeout: .seconds(5)) { try await cache.settings(for: "acme") == 2 })
        #expect(cache.version(for: "acme") == 2)
        // A document that does not decode keeps the last good settings in use.
        try await store.put("acme", document: Array("garbage".utf8))
        try await Task.sleep(for: .milliseconds(250))
        #expect(try await cache.settings(for: "acme") == 2)
        #expect(try await cache.settings(for: "nobody") == nil)
    }
}
