import Foundation
import Synchronization

/// The worker runtime every worker executable runs: fetchers per queue, handlers by job kind, and the upkeep
/// (heartbeats, promoter, reaper) that makes crashes and retries safe.
///
/// Delivery is at least once (see `JobQueue`). Shutdown on SIGTERM/SIGINT: stop fetching, let in-flight jobs
/// finish for up to `shutdownGrace`, then put whatever this consumer still holds back at the head of `ready`
/// (never marked failed), sign off, and return. A SIGKILL skips all that; the reaper of any other process
/// returns the jobs once this consumer's heartbeat expires.
public final class Worker: Sendable {
    private struct InFlight: Sendable {
        let queue: String
        let element: [UInt8]
        let task: Task<Void, Never>
    }
    public let process: String
    public let consumer: String
    public let configuration: WorkerConfiguration
    public let queues: [JobQueue]
    public let redis: RedisClient
    public let shutdown = ShutdownSignal()
    private let resolver: RedisEndpointResolver
    private let kinds: [String: JobKind]
    private let logger: Logger
    private let metrics: WorkerMetrics
    private let registry: MetricsRegistry
    private let inFlight = Mutex<(next: Int, jobs: [Int: InFlight])>((0, [:]))
    private let abandoning = Atomic<Bool>(false)

    /// - Parameters:
    ///   - process: the executable's name, in logs and the consumer id.
    ///   - queues: queue names this process consumes, each with `configuration.concurrency` slots.
    public init(process: String, configuration: WorkerConfiguration, resolver: RedisEndpointResolver, queues: [String],
                kinds: [JobKind], logger: Logger, registry: MetricsRegistry = .shared) throws {
        self.process = process
        self.configuration = configuration
        self.resolver = resolver
        self.logger = logger
        self.registry = registry
        metrics = WorkerMetrics(registry: registry)
        consumer = "\(process)-\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let redis = RedisClient(resolver: resolver, name: "queue")
        self.redis = redis
        self.queues = try queues.map { try JobQueue(name: $0, redis: redis) }
        var byName: [String: JobKind] = [:]
        for kind in kinds {
            guard byName[kind.name] == nil else { throw ConfigurationError("job kind \(kind.name) registered twice") }
            byName[kind.name] = kind
        }
        self.kinds = byName
        guard !self.queues.isEmpty else { throw ConfigurationError("a worker needs at least one queue") }
    }

    /// Runs until a stop is requested (signal or `shutdown.fire()`), then stops gracefully.
    public func run() async throws {
        logger.info("worker.start", "consuming \(queues.map(\.name).joined(separator: ",")) with \(configuration.concurrency) slots each",
                    ["consumer": consumer, "redis": resolver.description])
        await heartbeatAll(mustSucceed: true)
        for warning in try await RedisServerRequirements.check(redis) {
            logger.warning("redis.settings", warning)
        }
        var status: StatusServer?
        if configuration.metricsPort > 0 {
            metrics.addQueueCollector { [queues] in queues }
            let server = StatusServer(host: configuration.metricsHost, port: configuration.metricsPort, redis: redis,
                                      metrics: registry, logger: logger)
            try server.start()
            status = server
            logger.info("status.listening", "healthz and metrics on port \(server.port)")
        }
        let fetchers = queues.map { queue in
            let processor = JobProcessor(queue: queue, consumer: consumer, kinds: kinds, logger: logger, metrics: metrics,
                                         isAbandoning: { [self] in self.abandoning.load(ordering: .relaxed) })
            return QueueFetcher(queue: queue, consumer: consumer, concurrency: configuration.concurrency, resolver: resolver,
                         logger: logger.with(["queue": queue.name]),
                         inFlight: { [self] in self.inFlight.withLock { $0.jobs.values.filter { $0.queue == queue.name }.map(\.element) } }) {
                [self] element, slots in
                self.dispatch(element, processor: processor, slots: slots)
            }
        }
        let upkeep = Task { await self.upkeepLoop() }
        fetchers.forEach { $0.start() }

        await shutdown.wait()
        logger.info("worker.stopping", "stop requested; no new jobs, waiting up to \(configuration.shutdownGrace) for \(inFlightCount) in flight")
        await onOwnThread { fetchers.forEach { $0.stop() } }
        let deadline = ContinuousClock.now + configuration.shutdownGrace
        while inFlightCount > 0 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        abandoning.store(true, ordering: .relaxed)
        let leftover = inFlight.withLock { $0.jobs.values.map(\.task) }
        leftover.forEach { $0.cancel() }
        let requeued = await requeueEverythingHeld()
        upkeep.cancel()
        for queue in queues { try? await queue.signOff(consumer: consumer) }
        status?.stop()
        logger.info("worker.stopped", "stopped", ["unfinished": "\(leftover.count)", "requeued": "\(requeued)"])
        redis.close()
    }

    private var inFlightCount: Int { inFlight.withLock { $0.jobs.count } }

    /// Called on the fetcher's thread for each fetched element: runs it as a task that frees its slot at the end.
    private func dispatch(_ element: [UInt8], processor: JobProcessor, slots: SlotPool) {
        inFlight.withLock { state in
            let id = state.next
            state.next += 1
            let task = Task.detached { [self] in
                await processor.process(element)
                _ = self.inFlight.withLock { $0.jobs.removeValue(forKey: id) }
                slots.release()
            }
            state.jobs[id] = InFlight(queue: processor.queue.name, element: element, task: task)
        }
    }

    /// Heartbeats, promotion of due retries, and reaping of dead consumers, until cancelled.
    private func upkeepLoop() async {
        var lastHeartbeat = ContinuousClock.now
        var lastReap = ContinuousClock.now - configuration.heartbeatTTL  // reap once right at start
        while !Task.isCancelled {
            let now = ContinuousClock.now
            if now - lastHeartbeat >= configuration.heartbeatTTL / 3 {
                await heartbeatAll(mustSucceed: false)
                lastHeartbeat = now
            }
            for queue in queues {
                do {
                    while try await queue.promoteDue() >= 1000 {}
                } catch {
                    logger.warning("promote.failed", "\(error)", ["queue": queue.name])
                }
            }
            if now - lastReap >= configuration.heartbeatTTL / 2 {
                lastReap = now
                for queue in queues {
                    do {
                        let r = try await queue.reapDeadConsumers(except: consumer, maxDeliveries: configuration.maxDeliveries)
                        if r.deadConsumers > 0 {
                            logger.warning("reaper.recovered", "returned the jobs of dead consumers",
                                           ["queue": queue.name, "dead_consumers": "\(r.deadConsumers)", "requeued": "\(r.requeued)",
                                            "poison": "\(r.poisoned)", "unreadable": "\(r.unreadable)"])
                            if r.poisoned > 0 { metrics.poisoned(queue: queue.name, count: r.poisoned) }
                        }
                    } catch {
                        logger.warning("reaper.failed", "\(error)", ["queue": queue.name])
                    }
                }
            }
            try? await Task.sleep(for: configuration.promoteInterval)
        }
    }

    private func heartbeatAll(mustSucceed: Bool) async {
        var delay: Duration = .milliseconds(100)
        while true {
            do {
                for queue in queues { try await queue.heartbeat(consumer: consumer, ttl: configuration.heartbeatTTL, info: process) }
                return
            } catch {
                logger.warning("heartbeat.failed", "\(error)")
                if !mustSucceed || shutdown.hasFired { return }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }

    /// Puts every element still in this consumer's processing lists back at the head of `ready`.
    private func requeueEverythingHeld() async -> Int {
        var count = 0
        for queue in queues {
            guard let held = try? await redis.send(RedisCommand("LRANGE", queue.keys.processing(consumer), "0", "-1")).array else {
                logger.error("requeue.failed", "cannot read the processing list; the reaper will return its jobs", ["queue": queue.name])
                continue
            }
            for element in held.compactMap(\.bytes) {  // newest first, so the oldest ends at the front
                if (try? await queue.requeue(element: element, consumer: consumer)) == true { count += 1 }
            }
        }
        return count
    }
}

/// Runs blocking work (joining threads) off the cooperative pool.
func onOwnThread(_ body: @escaping @Sendable () -> Void) async {
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
        NamedThread.start("worker-stop") { body(); c.resume() }
    }
}
