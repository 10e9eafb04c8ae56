import Foundation

/// Counts free job slots of one queue's fetcher: the fetcher takes slots before fetching, each finished job
/// gives its slot back. Waiting happens on the fetcher's own thread (an `NSCondition`), never on the
/// cooperative pool.
final class SlotPool: @unchecked Sendable {  // all state behind `condition`
    private let condition = NSCondition()
    private var free: Int
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        free = capacity
    }

    /// Takes between 1 and `max` free slots, waiting up to `timeout` for one; 0 when none freed in time.
    func acquire(upTo max: Int, timeout: Duration) -> Int {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(Double(timeout.milliseconds) / 1000)
        while free == 0 {
            if !condition.wait(until: deadline) { return 0 }
        }
        let taken = min(free, max)
        free -= taken
        return taken
    }

    func release(_ n: Int = 1) {
        guard n > 0 else { return }
        condition.lock()
        free += n
        condition.signal()
        condition.unlock()
    }

    var inUse: Int {
        condition.lock()
        defer { condition.unlock() }
        return capacity - free
    }
}
