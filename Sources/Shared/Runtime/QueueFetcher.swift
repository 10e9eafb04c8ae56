import Foundation
import Synchronization

/// One OS thread per queue that moves jobs from `ready` into this consumer's processing list and hands them
/// to the processor, never holding more than the queue's concurrency.
///
/// It first takes as many jobs as there are free slots in one non-blocking script call, and only when the queue
/// is empty does it block in `BLMOVE` for a second, on its own connection, so Swift's cooperative threads never
/// wait on Redis. When Redis is unreachable it backs off (50 ms to 2 s) and tries again; a stop request is noticed
/// within one `BLMOVE` timeout.
///
/// A fetch whose reply was lost (the connection broke after Redis moved the jobs) leaves jobs in this consumer's
/// processing list that nobody runs, and the reaper never returns them because this consumer is alive. So after
/// any fetch error the fetcher compares its processing list with what is in flight and puts the orphans back.
final class QueueFetcher: Sendable {
    /// Most jobs taken in one fetch call.
    static let maxBatch = 256

    let queue: JobQueue
    let consumer: String
    let slots: SlotPool
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let dispatch: @Sendable ([UInt8], SlotPool) -> Void
    private let inFlight: @Sendable () -> [[UInt8]]
    private let logger: Logger
    private let resolver: RedisEndpointResolver

    init(queue: JobQueue, consumer: String, concurrency: Int, resolver: RedisEndpointResolver, logger: Logger,
         inFlight: @escaping @Sendable () -> [[UInt8]], dispatch: @escaping @Sendable ([UInt8], SlotPool) -> Void) {
        self.inFlight = inFlight
        self.queue = queue
        self.consumer = consumer
        slots = SlotPool(capacity: concurrency)
        self.resolver = resolver
        self.logger = logger
        self.dispatch = dispatch
    }

    func start() {
        NamedThread.start("fetch-\(queue.name)") { [self] in
            self.loop()
            self.finished.signal()
        }
    }

    /// Asks the thread to stop and waits for it (at most a little over one `BLMOVE` timeout).
    func stop() {
        stopping.store(true, ordering: .relaxed)
        finished.wait()
    }

    private func loop() {
        let connection = RedisConnection(resolver: resolver, connectTimeout: .seconds(2),
                                         commandTimeout: .seconds(JobQueue.blockingFetchSeconds + 5))
        var backoff = ReconnectBackoff()
        var orphansPossible = false
        while !stopping.load(ordering: .relaxed) {
            if orphansPossible {
                do {
                    let recovered = try requeueOrphans(connection)
                    orphansPossible = false
                    if recovered > 0 { logger.warning("fetch.orphans.requeued", "a lost fetch reply left jobs held by nobody; put back", ["count": "\(recovered)"]) }
                } catch {
                    backoff.failed()
                    Thread.sleep(forTimeInterval: Double(backoff.currentDelay.milliseconds) / 1000)
                    continue
                }
            }
            let wanted = slots.acquire(upTo: Self.maxBatch, timeout: .milliseconds(500))
            if wanted == 0 { continue }
            var elements: [[UInt8]] = []
            do {
                elements = try queue.fetchBatch(connection: connection, consumer: consumer, max: wanted)
                if elements.isEmpty, let one = try queue.blockingFetch(connection: connection, consumer: consumer) {
                    elements = [one]
                }
                backoff.succeeded()
            } catch {
                backoff.failed()
                orphansPossible = true
                logger.warning("fetch.failed", "cannot fetch; retrying in \(backoff.currentDelay)", ["error": "\(error)"])
                Thread.sleep(forTimeInterval: Double(backoff.currentDelay.milliseconds) / 1000)
            }
            slots.release(wanted - elements.count)
            for element in elements { dispatch(element, slots) }
        }
        connection.disconnect()
    }

    /// Puts back every element of this consumer's processing list that no job task holds.
    private func requeueOrphans(_ connection: RedisConnection) throws -> Int {
        let processing = queue.keys.processing(consumer)
        let held = (try connection.command(RedisCommand("LRANGE", processing, "0", "-1")).orThrow().array ?? []).compactMap(\.bytes)
        var busy = inFlight()
        var recovered = 0
        for element in held {
            if let i = busy.firstIndex(of: element) { busy.remove(at: i); continue }
            let reply = try connection.run(QueueScripts.requeue, keys: [processing, queue.keys.ready], args: [element, element])
            if reply.int == 1 { recovered += 1 }
        }
        return recovered
    }
}
