/// Runs one fetched element to exactly one outcome: done (ack), retried, deferred, dead, or expired.
///
/// How it fails: a handler error is classified (`JobFailure`, anything else is transient); a Redis error while
/// recording the outcome is repeated with backoff until it succeeds or the process stops (every transition is
/// idempotent). If the process dies before the outcome is recorded, the job is still in the processing list and
/// the reaper returns it: at least once.
struct JobProcessor: Sendable {
    let queue: JobQueue
    let consumer: String
    let kinds: [String: JobKind]
    let logger: Logger
    let metrics: WorkerMetrics
    /// True once the shutdown grace has run out: unfinished transitions are then left to the final requeue.
    let isAbandoning: @Sendable () -> Bool

    func process(_ element: [UInt8]) async {
        let held: HeldElement
        switch await persist("resolve", { try await queue.resolve(element) }) {
        case nil: return
        case let .failure(error)?:
            logger.error("job.undecodable", "element is not a runnable job; kept as a dead letter", ["queue": queue.name, "error": error.message])
            metrics.outcome(queue: queue.name, kind: "unknown", "undecodable")
            await persist("dispose") { try await queue.disposeUnreadable(element: element, consumer: consumer, reason: error.message) }
            return
        case let .success(h)?:
            held = h
        }
        let job = held.job
        let now = WallClock.epochMillis()
        if let deadline = job.deadline, now > deadline {
            logger.info("job.expired", "deadline passed before the job could run; dropped",
                        ["queue": queue.name, "job": job.id, "kind": job.kind, "tenant": job.tenant])
            metrics.outcome(queue: queue.name, kind: job.kind, "expired")
            await persist("expire") {
                try await queue.finish(element: element, consumer: consumer, orderingKey: held.orderingKey, stat: "expired", deadLetter: nil)
            }
            return
        }
        guard let kind = kinds[job.kind] else {
            await bury(held, errorClass: "no-handler", reason: "no handler for job kind \"\(job.kind)\" in this worker")
            return
        }
        let context = JobContext(job: job, queue: queue.name,
                                 logger: logger.with(["queue": queue.name, "job": job.id, "kind": job.kind, "tenant": job.tenant]),
                                 consumerHeartbeat: queue.keys.heartbeat(consumer))
        let started = ContinuousClock.now
        do {
            try await kind.handler(context)
            metrics.handled(queue: queue.name, kind: job.kind, seconds: started.secondsSince, enqueuedAt: job.enqueuedAt)
            await persist("ack") { try await queue.ack(held, consumer: consumer) }
            context.logger.debug("job.done")
        } catch {
            metrics.handlerTime(queue: queue.name, kind: job.kind, seconds: started.secondsSince)
            // Cancelled by a graceful stop whose grace ran out: not the job's fault. It stays held and the stop
            // puts it back at the head of `ready` unchanged.
            if isAbandoning() { return }
            await fail(held, kind: kind, error: error as? JobFailure ?? .transient(SecretRedactor.shared.redact("\(error)")), context: context)
        }
    }

    private func fail(_ held: HeldElement, kind: JobKind, error: JobFailure, context: JobContext) async {
        var job = held.job
        let now = WallClock.epochMillis()
        switch error.kind {
        case .permanent:
            await bury(held, errorClass: error.errorClass, reason: error.message)
        case .deferred:
            let delay = error.delay ?? .seconds(1)
            context.logger.info("job.deferred", error.message, ["error_class": error.errorClass, "delay_ms": "\(delay.milliseconds)"])
            metrics.outcome(queue: queue.name, kind: job.kind, "deferred")
            await persist("defer") { [job] in
                try await queue.schedule(held, updated: job, dueMillis: now + delay.milliseconds, consumer: consumer)
            }
        case .transient:
            job.attempts += 1
            job.errors.append(JobErrorRecord(at: now, class: error.errorClass, message: error.message))
            guard kind.retryPolicy.shouldRetry(failedAttempts: job.attempts) else {
                await bury(HeldElement(element: held.element, job: job, headRaw: held.headRaw), errorClass: "exhausted",
                           reason: "gave up after \(job.attempts) attempts; last error: \(error.message)")
                return
            }
            let delay = kind.retryPolicy.delay(afterAttempt: job.attempts, retryAfter: error.delay)
            context.logger.warning("job.retry", error.message,
                                   ["error_class": error.errorClass, "attempt": "\(job.attempts)", "delay_ms": "\(delay.milliseconds)"])
            metrics.outcome(queue: queue.name, kind: job.kind, "retried")
            await persist("retry") { [job] in
                try await queue.schedule(held, updated: job, dueMillis: now + delay.milliseconds, consumer: consumer)
            }
        }
    }

    private func bury(_ held: HeldElement, errorClass: String, reason: String) async {
        let letter = DeadLetter(job: held.job, queue: queue.name, errorClass: errorClass, reason: reason)
        logger.error("job.dead", reason, ["queue": queue.name, "job": held.job.id, "kind": held.job.kind,
                                          "tenant": held.job.tenant, "error_class": errorClass])
        metrics.outcome(queue: queue.name, kind: held.job.kind, "dead")
        await persist("bury") { [letter] in
            try await queue.finish(element: held.element, consumer: consumer, orderingKey: held.orderingKey, stat: nil, deadLetter: letter)
        }
    }

    /// Repeats a queue transition through Redis outages (50 ms doubling to 2 s) until it succeeds or the
    /// process is stopping; then the job stays held and graceful stop or the reaper puts it back.
    @discardableResult
    private func persist<T: Sendable>(_ what: String, _ body: @Sendable () async throws -> T) async -> T? {
        var delay: Duration = .milliseconds(50)
        while true {
            do {
                return try await body()
            } catch {
                if isAbandoning() || Task.isCancelled {
                    logger.warning("queue.transition.abandoned", "\(what) not recorded; the job stays held and will be requeued",
                                   ["queue": queue.name, "error": "\(error)"])
                    return nil
                }
                logger.warning("queue.transition.retry", "\(what) failed; retrying", ["queue": queue.name, "error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }
}
