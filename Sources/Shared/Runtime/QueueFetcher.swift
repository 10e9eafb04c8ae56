import Foundation
import Synchronization

/// One OS thread per queue that moves jobs from `ready` into this consumer's processing list and hands them
/// to the processor, never holding more than the queue's concurrency.
///
/// It first takes as many jobs as there are free slots in one non-blocking script call, and only when the queue
/// is empty does it block in `BLMOVE` for a second, on its own connection, so Swift's cooperative threads never
/// wait on Redis. When Redis is unreachable it backs off (50 ms to 2 s) and tries again; a stop request is noticed
/// within one `BLMOVE` timeout.
final class QueueFetcher: Sendable {
    /// Most jobs taken in one fetch call.
    static let maxBatch = 256

    let queue: JobQueue
    let consumer: String
    let slots: SlotPool
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let dispatch: @Sendable ([UInt8], SlotPool) -> Void
    private let logger: Logger
    private let resolver: RedisEndpointResolver

    init(queue: JobQueue, consumer: String, concurrency: Int, resolver: RedisEndpointResolver, logger: Logger,
         dispatch: @escaping @Sendable ([UInt8], SlotPool) -> Void) {
        self.queue = queue
        self.consumer = consumer
        slots = SlotPool(capacity: concurrency)
        self.resolver = resolver
        self.logger = logger
        self.dispatch = dispatch
    }

    func start() {
        let thread = Thread { [self] in
            self.loop()
            self.finished.signal()
        }
        thread.name = "fetch-\(queue.name)"
        thread.start()
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
        while !stopping.load(ordering: .relaxed) {
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
                logger.warning("fetch.failed", "cannot fetch; retrying in \(backoff.currentDelay)", ["error": "\(error)"])
                Thread.sleep(forTimeInterval: Double(backoff.currentDelay.milliseconds) / 1000)
            }
            slots.release(wanted - elements.count)
            for element in elements { dispatch(element, slots) }
        }
        connection.disconnect()
    }
}
