import Foundation

/// The one path every remote call takes: tenant pause → quota flag → rate budget → circuit breaker → the effect
/// claim (if the call is made under one) → the call → classification → breaker and quota bookkeeping → metrics.
///
/// Whatever stops a call becomes a `JobFailure` the queue runtime understands: waiting for a budget, a quota
/// reset, an open breaker or fixed credentials is a deferral (no attempt spent); a transient failure spends an
/// attempt; a permanent one dead-letters the job with the reason. Errors and logs never carry secrets (the
/// classifiers redact bodies; clients never put tokens in messages).
public struct RemoteCallGuard: Sendable {
    public let redis: RedisClient
    public var limiter: RateLimiter
    public var breaker: CircuitBreaker
    public let pause: TenantPause
    public let metrics: RemoteMetrics
    public let logger: Logger
    /// How long a tenant's jobs wait after its credentials were refused before one tries again.
    public var credentialsPause: Duration = .seconds(300)

    public init(redis: RedisClient, logger: Logger, metrics: RemoteMetrics = RemoteMetrics()) {
        self.redis = redis
        limiter = RateLimiter(redis: redis)
        breaker = CircuitBreaker(redis: redis)
        pause = TenantPause(redis: redis)
        self.metrics = metrics
        self.logger = logger
    }

    /// Performs one remote call for `tenant` on behalf of job `holder`.
    /// - Parameters:
    ///   - classify: the API's classifier (e.g. `RemoteOutcome.planfixREST`).
    ///   - send: makes the HTTP request, not starting it after the given instant (`RemoteTransport`'s `sendBy`: nil
    ///     for the breaker's probe, which always goes); throws `RemoteTransportError` (or any error) when there is no
    ///     answer.
    /// - Returns: the answer when it was a success.
    /// - Throws: `JobFailure` for everything else.
    public func perform(tenant: String, api: RemoteAPI, budget: RateBudget, holder: String,
                        classify: @Sendable (Int, [UInt8], String?) -> RemoteOutcome,
                        send: @Sendable (ContinuousClock.Instant?) async throws -> RemoteAnswer) async throws -> RemoteAnswer {
        try await checkBlocks(tenant: tenant, api: api)
        var retakes = 0, missedWindows = 0
        var answer: RemoteAnswer?
        var outcome: RemoteOutcome
        var started: ContinuousClock.Instant
        slots: while true {
            let slot: Int64
            switch try await limiter.permit(tenant: tenant, api: api, budget: budget, holder: holder) {
            case let .proceed(granted): slot = granted
            case let .deferred(wait):
                metrics.throttled(tenant: tenant, api: api)
                throw JobFailure.deferred("\(api.rawValue) rate budget of tenant \(tenant): next slot in \(wait)", by: limiter.deferral(for: wait),
                                          errorClass: "\(api.rawValue)-budget")
            case let .dailyCapReached(wait):
                throw JobFailure.deferred("\(api.rawValue) daily budget of tenant \(tenant) spent", by: wait, errorClass: "\(api.rawValue)-daily-cap")
            }
            var slotReached = ContinuousClock.now
            var sendBy: ContinuousClock.Instant?
            // The breaker is asked last, right before the call: a caller it lets through as the probe always makes
            // the call (asking before the rate budget could hand the probe to a job the budget then defers, leaving
            // the breaker half-open with nobody probing).
            switch try await breaker.gate(tenant: tenant, api: api) {
            case let .open(wait):
                throw JobFailure.deferred("\(api.rawValue) circuit open for tenant \(tenant)", by: wait, errorClass: "\(api.rawValue)-breaker-open")
            case .probe: break
            case .closed:
                // A slow breaker round trip (a loaded machine) made this call late for its slot: sent as is it could
                // land within one interval of the next slot's request, so the schedule is pushed back by as much, or
                // (the next slot already taken) this call takes a later slot.
                let now = ContinuousClock.now, late = now - slotReached
                if retakes < 2, !(try await limiter.mayGo(late: late, slot: slot, tenant: tenant, api: api, budget: budget)) {
                    retakes += 1
                    continue slots
                }
                // The schedule was pushed back to here (or, after two retakes, the call just goes).
                if late > limiter.maxLateness { slotReached = now }
                // The same holds on the way out (a task or the HTTP client's thread waiting for a core): the transport
                // sends nothing past this instant, and the call takes another slot. (A budget with bursts spaces
                // nothing: a late call costs it nothing.)
                if budget.burst == 1 { sendBy = slotReached + limiter.maxLateness }
            }
            // Under an effect claim (`EffectStore.once`) the call goes only while the claim is still this run's: a
            // re-delivered copy of the job that took it over must not race this run to create the same entity.
            if let claim = EffectClaim.current, !(try await claim.confirm(redis: redis)) {
                throw JobFailure.deferred("another run took over \(claim.key)", by: .seconds(1), errorClass: "effect-taken-over")
            }
            started = ContinuousClock.now
            do {
                let a = try await send(missedWindows < 2 ? sendBy : nil)
                answer = a
                outcome = classify(a.status, a.body, a.header("Retry-After"))
                readQuotaGauges(a, tenant: tenant, api: api)
            } catch let error as JobFailure {
                throw error
            } catch let error as RemoteTransportError where error.missedSendWindow {
                missedWindows += 1
                metrics.missedSendWindow(tenant: tenant, api: api)
                continue slots
            } catch {
                outcome = .transient(reason: SecretRedactor.shared.redact("no answer: \(error)"), retryAfter: nil)
            }
            break
        }
        metrics.request(tenant: tenant, api: api, outcome: outcome, seconds: started.secondsSince)
        try await bookkeeping(outcome, tenant: tenant, api: api, answer: answer)
        if let failure = outcome.jobFailure(api: api, pauseFor: credentialsPause) { throw failure }
        return answer!
    }

    /// Pause and quota flags, read in one round trip.
    private func checkBlocks(tenant: String, api: RemoteAPI) async throws {
        let keys = TenantKeys(tenant: tenant)
        let replies = try await redis.pipeline([
            RedisCommand("PTTL", keys.paused(api.rawValue)),
            RedisCommand("PTTL", keys.quotaExhausted(api.rawValue)),
        ])
        if let ms = try replies[0].orThrow().int, ms > 0 {
            throw JobFailure.deferred("\(api.rawValue) paused for tenant \(tenant): credentials refused", by: .milliseconds(ms),
                                      errorClass: "\(api.rawValue)-paused")
        }
        if let ms = try replies[1].orThrow().int, ms > 0 {
            throw JobFailure.deferred("\(api.rawValue) quota of tenant \(tenant) exhausted", by: .milliseconds(ms), errorClass: "\(api.rawValue)-quota")
        }
    }

    private func bookkeeping(_ outcome: RemoteOutcome, tenant: String, api: RemoteAPI, answer: RemoteAnswer?) async throws {
        switch outcome {
        case .transient:
            let state = try await breaker.record(tenant: tenant, api: api, success: false)
            metrics.breaker(tenant: tenant, api: api, open: state != "closed")
            if state == "open" { logger.warning("remote.breaker.open", "\(api.rawValue) failing for tenant \(tenant); calls paused", ["tenant": tenant, "api": api.rawValue]) }
        case .success, .permanent:
            if try await breaker.record(tenant: tenant, api: api, success: true) == "closed" { metrics.breaker(tenant: tenant, api: api, open: false) }
        case let .quotaExhausted(reason, resetIn):
            try await redis.send(RedisCommand("SET", TenantKeys(tenant: tenant).quotaExhausted(api.rawValue), "1", "PX", String(resetIn.milliseconds)))
            logger.warning("remote.quota.exhausted", reason, ["tenant": tenant, "api": api.rawValue])
        case let .credentials(reason):
            try await pause.pause(tenant: tenant, api: api, reason: reason, for: credentialsPause)
            metrics.paused(tenant: tenant, api: api)
            logger.error("remote.credentials.refused", "\(api.rawValue) refused the credentials of tenant \(tenant): \(reason); jobs paused",
                         ["tenant": tenant, "api": api.rawValue])
        }
    }

    /// Planfix's `X-RateLimit-Remaining` and UIS's `metadata.limits.day_remaining` as gauges.
    private func readQuotaGauges(_ answer: RemoteAnswer, tenant: String, api: RemoteAPI) {
        if let remaining = answer.header("X-RateLimit-Remaining").flatMap(Double.init) {
            metrics.quotaRemaining(tenant: tenant, api: api, period: "day", remaining)
        }
        guard api == .uisData || api == .uisCall,
              let json = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any],
              let limits = ((json["result"] as? [String: Any])?["metadata"] as? [String: Any])?["limits"] as? [String: Any] else { return }
        if let day = (limits["day_remaining"] as? NSNumber)?.doubleValue { metrics.quotaRemaining(tenant: tenant, api: api, period: "day", day) }
        if let minute = (limits["minute_remaining"] as? NSNumber)?.doubleValue { metrics.quotaRemaining(tenant: tenant, api: api, period: "minute", minute) }
    }
}
