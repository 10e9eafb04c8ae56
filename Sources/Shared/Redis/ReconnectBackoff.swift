/// How long to wait before trying to reconnect after a failure: 50 ms doubling up to 2 s.
///
/// Short enough that a Redis restart costs well under a second of stall once the server is back; capped so a
/// long outage costs one connect attempt per 2 s per connection, not a busy loop.
struct ReconnectBackoff {
    static let first: Duration = .milliseconds(50)
    static let cap: Duration = .seconds(2)
    private var delay: Duration = .zero
    private var notBefore: ContinuousClock.Instant?

    mutating func failed() {
        delay = delay == .zero ? Self.first : min(delay * 2, Self.cap)
        notBefore = ContinuousClock.now + delay
    }

    mutating func succeeded() {
        delay = .zero
        notBefore = nil
    }

    /// nil when a reconnect may be tried now.
    func remainingWait() -> Duration? {
        guard let notBefore else { return nil }
        let now = ContinuousClock.now
        return now < notBefore ? notBefore - now : nil
    }

    /// The delay the last failure set (for a thread that sleeps instead of failing fast).
    var currentDelay: Duration { delay }
}
