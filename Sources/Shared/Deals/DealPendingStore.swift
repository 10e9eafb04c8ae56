import Foundation

/// The deal records of a tenant that wait for `upload.deals_history` (`TenantKeys.dealsPending`,
/// `dealPendingRecords`): deal jobs stage them, one upload run per tenant at a time (`DealUpload`) takes up to
/// 1000 and removes exactly the ones UIS accepted or refused.
///
/// Why records wait in Redis rather than in a job: a staged record survives a SIGKILLed worker, a restarted
/// Redis (as durable as the queue: `appendonly yes`) and a UIS outage, and any number of deal jobs share one
/// upload call. Each deal's records form a list in stage order; the tenant's index orders deals by how long
/// they have waited, so the oldest go first.
///
/// How it fails: Redis errors surface (the job retries, and staging or settling again is harmless); an entry
/// that does not decode is handed to the run as such (`DealPendingDeal.entries`), which refuses that deal.
public struct DealPendingStore: Sendable {
    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    /// The deal's last waiting record (the bytes, to replace it exactly), or nil when none waits.
    public func last(tenant: String, taskId: Int64) async throws -> (raw: [UInt8], entry: DealPendingEntry?)? {
        guard let raw = try await redis.send(RedisCommand("LINDEX", TenantKeys(tenant: tenant).dealPendingRecords(taskId), "-1")).orThrow().bytes else {
            return nil
        }
        return (raw, DealPendingEntry.decode(raw))
    }

    /// Stages `entry` behind the deal's waiting records, or in place of the last one when it is still
    /// `replacing` (when an upload run took that one meanwhile, the entry is appended: it goes in the next call).
    /// - Returns: true when it replaced.
    @discardableResult
    public func stage(tenant: String, taskId: Int64, _ entry: DealPendingEntry, replacing: [UInt8]?,
                      now: Int64 = WallClock.epochMillis()) async throws -> Bool {
        let keys = TenantKeys(tenant: tenant)
        let reply = try await redis.run(DealPendingScripts.stage, keys: [keys.dealsPending, keys.dealPendingRecords(taskId)],
                                        args: [Array(String(taskId).utf8), try entry.encoded(), replacing ?? [], Array(String(now).utf8)])
        return reply.int == 1
    }

    /// How many deals have records waiting, and when the longest-waiting one was staged (epoch ms).
    public func summary(tenant: String) async throws -> (deals: Int, oldestStagedAt: Int64?) {
        let key = TenantKeys(tenant: tenant).dealsPending
        let replies = try await redis.pipeline([RedisCommand("ZCARD", key), RedisCommand("ZRANGE", key, "0", "0", "WITHSCORES")])
        let count = try replies[0].orThrow().int ?? 0
        let oldest = try replies[1].orThrow().array.flatMap { $0.count == 2 ? $0[1].string.flatMap(Double.init) : nil }.map { Int64($0) }
        return (count, oldest)
    }

    /// Up to `limit` waiting records, longest-waiting deals first, each deal whole and in order (a deal with more
    /// than `limit` gives its first `limit`). A deal stops the batch when it does not fit, so no deal waits behind
    /// younger ones for long.
    public func take(tenant: String, limit: Int = DealAssumptions.maxDealsPerUpload) async throws -> [DealPendingDeal] {
        let keys = TenantKeys(tenant: tenant)
        let limit = max(1, limit)
        let members = (try await redis.send(RedisCommand("ZRANGE", keys.dealsPending, "0", String(limit - 1))).orThrow().array ?? [])
            .compactMap { $0.string.flatMap { Int64($0) } }
        if members.isEmpty { return [] }
        let lists = try await redis.pipeline(members.map { RedisCommand("LRANGE", keys.dealPendingRecords($0), "0", String(limit - 1)) })
        var taken: [DealPendingDeal] = [], empty: [DealPendingDeal] = [], count = 0
        for (taskId, reply) in zip(members, lists) {
            let raw = (try reply.orThrow().array ?? []).compactMap(\.bytes)
            if raw.isEmpty {
                empty.append(DealPendingDeal(taskId: taskId, raw: []))
                continue
            }
            if count + raw.count > limit {
                if count == 0 { taken.append(DealPendingDeal(taskId: taskId, raw: Array(raw.prefix(limit)))) }
                break
            }
            taken.append(DealPendingDeal(taskId: taskId, raw: raw))
            count += raw.count
        }
        // A deal listed without records (cannot happen through the scripts; a hand edit) leaves the index.
        if !empty.isEmpty { _ = try await settle(tenant: tenant, empty, accept: false) }
        return taken
    }

    /// Removes records UIS accepted and sets each deal's upload state (`DealStateStore`) to its last record
    /// removed. Records staged or replaced since they were taken stay. - Returns: how many were removed.
    @discardableResult
    public func accept(tenant: String, _ deals: [DealPendingDeal]) async throws -> Int {
        try await settle(tenant: tenant, deals, accept: true)
    }

    /// Removes records UIS refused, leaving the deal's upload state as it was. - Returns: how many were removed.
    @discardableResult
    public func discard(tenant: String, _ deals: [DealPendingDeal]) async throws -> Int {
        try await settle(tenant: tenant, deals, accept: false)
    }

    private func settle(tenant: String, _ deals: [DealPendingDeal], accept: Bool) async throws -> Int {
        if deals.isEmpty { return 0 }
        let keys = TenantKeys(tenant: tenant)
        var keyList = [keys.dealsPending]
        var args: [[UInt8]] = [Array(String(DealStateStore.uploadRetention.milliseconds).utf8), Array((accept ? "1" : "0").utf8)]
        for deal in deals {
            keyList += [keys.dealPendingRecords(deal.taskId), keys.dealUpload(deal.taskId)]
            args += [Array(String(deal.taskId).utf8), Array(String(deal.raw.count).utf8)] + deal.raw
            if accept {
                // A record that does not decode is never sent, so never accepted; its state slot is a placeholder.
                args += try deal.entries.map { try $0.map { Array(try DealStateStore.encoder.encode($0.state)) } ?? [] }
            }
        }
        return try await redis.run(DealPendingScripts.settle, keys: keyList, args: args).int ?? 0
    }
}
