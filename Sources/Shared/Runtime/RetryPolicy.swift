/// When a failed job runs again, and when it stops trying: exponential backoff with full jitter and a cap.
///
/// Attempt n (1-based, the run that just failed) waits a uniformly random time in
/// `[0, min(maxDelay, baseDelay * 2^(n-1))]` ("full jitter": retries of many jobs that failed together spread
/// out instead of hitting a recovering Planfix in waves). A `Retry-After` the remote side sent replaces the
/// computed delay (still capped). After `maxAttempts` failed runs the job goes to the dead letters.
public struct RetryPolicy: Sendable, Equatable {
    /// Failed runs before the job is dead-lettered. 10 covers ~17 minutes of expected backoff with the
    /// defaults below: long enough for a Planfix deploy or a network blip, short enough that an operator
    /// sees a real outage in the dead letters the same hour (outages are deferred by breakers, not retried).
    public var maxAttempts: Int
    /// Upper bound of the first retry's delay.
    public var baseDelay: Duration
    /// No retry waits longer than this, whatever the attempt or Retry-After.
    public var maxDelay: Duration
    /// Full jitter on (production) or off (delays exactly `min(maxDelay, base * 2^(n-1))`, for tests).
    public var jitter: Bool

    public static let `default` = RetryPolicy(maxAttempts: 10, baseDelay: .seconds(1), maxDelay: .seconds(600), jitter: true)

    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration, jitter: Bool = true) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// Whether a job whose `failedAttempts`-th run just failed may run again.
    public func shouldRetry(failedAttempts: Int) -> Bool { failedAttempts < maxAttempts }

    /// The largest delay attempt `n` may wait (before jitter).
    public func ceiling(attempt n: Int) -> Duration {
        let exponent = min(max(n - 1, 0), 40)
        let millis = Double(baseDelay.milliseconds) * pow2(exponent)
        return .milliseconds(Int64(min(millis, Double(maxDelay.milliseconds))))
    }

    /// The delay before the next run after failed attempt `n`, honouring `retryAfter` when given.
    public func delay(afterAttempt n: Int, retryAfter: Duration? = nil,
                      random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxDelay) }
        let ceiling = ceiling(attempt: n)
        guard jitter else { return ceiling }
        return .milliseconds(Int64(random(0...Double(ceiling.milliseconds))))
    }

    private func pow2(_ e: Int) -> Double { Double(UInt64(1) << UInt64(e)) }
}
