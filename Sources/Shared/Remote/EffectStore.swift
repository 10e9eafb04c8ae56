/// Records each remote side effect under a natural key, so a replayed job resumes instead of repeating it.
///
/// The promise it serves: one UIS call creates at most one Planfix task, whatever crashes. `once` checks the
/// record, then (for the window between "Planfix created it" and "we recorded it") asks `find` to look for the
/// marker the fleet writes on its entities, and only then creates. Records live 90 days: long enough for any
/// retry, replay from the dead letters or late webhook re-delivery.
///
/// The marker search costs Planfix requests out of the tenant's 1 request/s, so `once(…since:…)` asks for it only
/// when an earlier try may have created the entity: an intent is written right before the create call is sent,
/// removed when its result is recorded and marked `nothingMade` when the call provably made nothing, so a retry
/// after a failed contact search, a deferral or a worker killed while waiting for its slot creates without searching. That variant also claims the effect
/// (`EffectClaim`) so that two live runs of one job never both create.
public struct EffectStore: Sendable {
    /// How long an effect record is kept.
    public static let retention: Duration = .seconds(90 * 86_400)

    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    /// The remote id recorded for `key`, if any.
    public func recorded(tenant: String, key: String) async throws -> String? {
        try await redis.send(RedisCommand("GET", TenantKeys(tenant: tenant).effect(key))).string
    }

    /// Records `value` for `key` unless something is already recorded. - Returns: what is recorded now.
    @discardableResult
    public func record(tenant: String, key: String, value: String) async throws -> String {
        let replies = try await redis.pipeline(Self.recordCommands(TenantKeys(tenant: tenant).effect(key), value: value))
        return try replies[1].orThrow().string ?? value
    }

    /// `record`'s round trip: set unless set, then read what is set.
    private static func recordCommands(_ redisKey: String, value: String) -> [RedisCommand] {
        [RedisCommand("SET", redisKey, value, "NX", "PX", String(retention.milliseconds)), RedisCommand("GET", redisKey)]
    }

    /// Makes the effect at most once, always asking `find` before creating (for effects whose lookup costs nothing,
    /// or is `{ nil }` because repeating the effect is harmless).
    /// - Parameters:
    ///   - find: looks the entity up by the fleet's marker (nil when there is none).
    ///   - create: makes it and returns its remote id.
    /// - Returns: the remote id, and whether this call created it.
    public func once(tenant: String, key: String, find: () async throws -> String?,
                     create: () async throws -> String) async throws -> (id: String, created: Bool) {
        if let known = try await recorded(tenant: tenant, key: key) { return (known, false) }
        if let found = try await find() { return (try await record(tenant: tenant, key: key, value: found), false) }
        let id = try await create()
        return (try await record(tenant: tenant, key: key, value: id), true)
    }

    /// Makes the effect at most once, asking `find` only when an earlier try may have made it.
    /// - Parameters:
    ///   - since: the earliest moment any try at this effect can have started (the job's `firstSeenAt`). Intents
    ///     are written with AOF `everysec`, so a Redis server that restarted after it may have lost one: `find` is
    ///     asked with `.unknown` then.
    ///   - jobSeenAt: this job's `firstSeenAt` when `since` is an older job's (default: `since`): the create call
    ///     waits until it is past the loss window (`waitOutLossWindow`).
    ///   - heartbeat: the running consumer's heartbeat key (`JobContext.consumerHeartbeat`), stored with the claim
    ///     so that another run can take the effect over once this consumer is gone (`EffectClaim`).
    ///   - note: kept with the intent and handed back to `find` (e.g. the counterparty the entity is created with,
    ///     so the search can be narrowed to it).
    ///   - find: looks the entity up by the fleet's marker (nil when there is none).
    ///   - create: makes it and returns its remote id. A `JobFailure` that is `deferred` or `permanent` means
    ///     nothing was created (the call was not sent, or refused): the intent becomes `nothingMade`.
    /// - Returns: the remote id, and whether this call created it.
    /// - Throws: `JobFailure.deferred` while another live run holds the effect.
    public func once(tenant: String, key: String, since: Int64, jobSeenAt: Int64? = nil, heartbeat: String = "", note: String = "",
                     find: (EffectHistory) async throws -> String?, create: () async throws -> String) async throws -> (id: String, created: Bool) {
        let keys = TenantKeys(tenant: tenant)
        let claim = EffectClaim(key: keys.effectClaim(key), heartbeat: heartbeat)
        let records = [RedisCommand("GET", keys.effect(key)), RedisCommand("GET", keys.effectIntent(key))]
        let replies = try await redis.pipeline([claim.claimCommand, RedisCommand("GET", claim.key)] + records)
        var claimed = try replies[0].orThrow().string == "OK"
        var (known, intent) = (try replies[2].orThrow().string, try replies[3].orThrow().string)
        if known == nil, !claimed, let holder = try replies[1].orThrow().string, try await claim.takeOver(from: holder, redis: redis) {
            claimed = true
            let reread = try await redis.pipeline(records)  // what the dead run left
            (known, intent) = (try reread[0].orThrow().string, try reread[1].orThrow().string)
        }
        if let known {
            if claimed { await claim.release(redis: redis) }
            return (known, false)
        }
        guard claimed else {
            throw JobFailure.deferred("another run is making effect \(key) of tenant \(tenant)", by: .seconds(1), errorClass: "effect-busy")
        }
        var creating = false
        do {
            let history: EffectHistory? = if intent == Self.nothingMade { nil } else if let intent { .attempted(note: intent) }
                else if since < redis.serverStartedMillis + Self.clockSkew.milliseconds { .unknown } else { nil }
            if let history, let found = try await EffectClaim.$current.withValue(claim, operation: { try await find(history) }) {
                return (try await settle(keys: keys, key: key, id: found, claim: claim), false)
            }
            try await Self.waitOutLossWindow(after: jobSeenAt ?? since)
            // The intent is written by the claim's confirmation right before the create call is sent.
            creating = true
            let id = try await EffectClaim.$current.withValue(claim.announcing(intent: keys.effectIntent(key), note: note),
                                                              operation: { try await create() })
            return (try await settle(keys: keys, key: key, id: id, claim: claim), true)
        } catch let failure as JobFailure where creating && failure.kind != .transient {
            // The create call sent nothing, or Planfix refused it, and no earlier try made it either (there was no
            // intent, or the search found nothing): the next try need not search, even after a Redis restart.
            await claim.release(redis: redis, markingNothingMade: keys.effectIntent(key))
            throw failure
        } catch {
            await claim.release(redis: redis)
            throw error
        }
    }

    /// Records `id` (unless something is recorded already), drops the intent and lets the claim go.
    /// - Returns: what is recorded now.
    private func settle(keys: TenantKeys, key: String, id: String, claim: EffectClaim) async throws -> String {
        let recorded = try await redis.pipeline(Self.recordCommands(keys.effect(key), value: id) + [RedisCommand("DEL", keys.effectIntent(key))])
        await claim.release(redis: redis)
        return try recorded[1].orThrow().string ?? id
    }

    /// The intent's value once a try established that nothing was made (its create call sent nothing or was
    /// refused): the next try creates without searching. (Notes are `PlanfixPersonRef` ids or "", never this.)
    public static let nothingMade = "-"

    /// How far the clocks of the fleet's machines may disagree (the restart check compares a job's `firstSeenAt`,
    /// stamped by another process, with this process's reading of the server's start, itself rounded to a second).
    static let clockSkew: Duration = .seconds(1)

    /// The most a Redis restart can lose (AOF `everysec`: the last second, two when the disk lags). No create call
    /// goes out within this (and `clockSkew`) of its job's `firstSeenAt`: a job a restart lost was younger than
    /// this, so it cannot have created anything, and only jobs older than the restart need to search.
    public static let lossWindow: Duration = .seconds(2)

    /// Sleeps until a job first seen at `seenAt` is past the loss window (at once for any job older than 3 s). A
    /// job about to create calls it first, before its other requests, so that the wait does not sit between them.
    public static func waitOutLossWindow(after seenAt: Int64) async throws {
        let wait = seenAt + (lossWindow + clockSkew).milliseconds - WallClock.epochMillis()
        if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }
    }
}

/// What `EffectStore.once` knows of earlier tries at an effect when it asks `find`.
public enum EffectHistory: Sendable, Equatable {
    /// An earlier try was about to create the entity (and may have): `note` is what it kept with its intent.
    case attempted(note: String)
    /// The Redis server restarted since the effect could first have been tried: an intent may have been lost.
    case unknown
}
