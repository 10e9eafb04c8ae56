/// Keeps two live runs of one effect from both making it.
///
/// A job runs once at a time, except when its consumer is taken for dead while it still runs: a heartbeat that
/// lapsed (a stalled process, a Redis restart that outlived the heartbeat TTL) gets its jobs re-delivered. Both
/// copies would pass `EffectStore.once`'s "not recorded, no intent" check and both would create. So `once` first
/// claims the effect: a key holding a random token and the claimant's heartbeat key. A claim whose claimant's
/// heartbeat is gone is taken over (a killed worker does not hold its effects up for the claim's TTL). And every
/// remote call made under the claim confirms, right before it is sent, that the claim is still this run's
/// (`EffectClaim.current`, checked by `RemoteCallGuard`): a run that lost it sends nothing and defers. The same
/// confirmation writes the effect's intent right before a create call goes out.
public struct EffectClaim: Sendable {
    /// How long a claim lasts without a confirmation (each remote call under it renews it): a backstop for a
    /// claimant without a heartbeat; a dead worker's claims are taken over as soon as its heartbeat expires.
    public static let ttl: Duration = .seconds(60)

    /// The claim the current task's remote calls are made under (set by `EffectStore.once` around `find` and
    /// `create`).
    @TaskLocal public static var current: EffectClaim?

    /// The claim's Redis key (`TenantKeys.effectClaim`).
    public let key: String
    /// What this run stored there: a random token, then the claimant's heartbeat key.
    public let value: String
    /// Set while `create` runs: the intent key and its note, written by the confirmation right before each call is
    /// sent, so that a try that dies or is deferred before sending anything leaves no intent behind.
    var intent: (key: String, note: String)?

    init(key: String, heartbeat: String) {
        self.key = key
        value = "\(UInt64.random(in: 0...UInt64.max))|\(heartbeat)"
    }

    /// The heartbeat key of the run that stored `value` ("" when it ran outside a worker).
    static func heartbeat(of value: String) -> String {
        value.firstIndex(of: "|").map { String(value[value.index(after: $0)...]) } ?? ""
    }

    /// The claim as `SET NX` (first of `EffectStore.once`'s pipeline).
    var claimCommand: RedisCommand { RedisCommand("SET", key, value, "NX", "PX", String(Self.ttl.milliseconds)) }

    /// Takes the claim over from `holder` when that run's consumer is no longer alive. - Returns: whether it is ours now.
    func takeOver(from holder: String, redis: RedisClient) async throws -> Bool {
        let heartbeat = Self.heartbeat(of: holder)
        guard !heartbeat.isEmpty, try await redis.send(RedisCommand("EXISTS", heartbeat)).orThrow().int == 0 else { return false }
        return try await redis.run(RemoteScripts.effectClaimTakeOver, keys: [key], args: [holder, value, String(Self.ttl.milliseconds)]).int == 1
    }

    /// Whether the claim is still this run's, renewing it (and writing the intent, while creating) when it is.
    public func confirm(redis: RedisClient) async throws -> Bool {
        try await redis.run(RemoteScripts.effectClaimConfirm, keys: [key, intent?.key ?? key],
                            args: [value, String(Self.ttl.milliseconds), intent == nil ? "0" : "1", intent?.note ?? "",
                                   String(EffectStore.retention.milliseconds)]).int == 1
    }

    /// This claim, writing `note` to the intent `key` before each call it confirms.
    func announcing(intent key: String, note: String) -> EffectClaim {
        var claim = self
        claim.intent = (key, note)
        return claim
    }

    /// Lets the claim go if it is still this run's, and then also marks `intent` as "nothing made"
    /// (`EffectStore.nothingMade`) when given. Best effort: an unreleased claim expires, or is taken over once this
    /// consumer is gone.
    func release(redis: RedisClient, markingNothingMade intent: String? = nil) async {
        _ = try? await redis.run(RemoteScripts.effectClaimRelease, keys: [key, intent ?? key],
                                 args: [value, intent == nil ? "" : EffectStore.nothingMade, String(EffectStore.retention.milliseconds)])
    }
}
