import Testing
@testable import Shared

@Suite struct RetryPolicyTests {
    @Test func defaultsAreDocumentedValues() {
        let p = RetryPolicy.default
        #expect(p.maxAttempts == 10)
        #expect(p.baseDelay == .seconds(1))
        #expect(p.maxDelay == .seconds(600))
        #expect(p.jitter)
    }

    @Test func ceilingDoublesUpToTheCap() {
        let p = RetryPolicy(maxAttempts: 20, baseDelay: .seconds(1), maxDelay: .seconds(60), jitter: false)
        #expect(p.delay(afterAttempt: 1) == .seconds(1))
        #expect(p.delay(afterAttempt: 2) == .seconds(2))
        #expect(p.delay(afterAttempt: 5) == .seconds(16))
        #expect(p.delay(afterAttempt: 7) == .seconds(60))
        #expect(p.delay(afterAttempt: 200) == .seconds(60))
    }

    @Test func fullJitterStaysWithinZeroAndTheCeiling() {
        let p = RetryPolicy(maxAttempts: 20, baseDelay: .milliseconds(100), maxDelay: .seconds(10))
        for attempt in 1...12 {
            for _ in 0..<50 {
                let d = p.delay(afterAttempt: attempt)
                #expect(d >= .zero && d <= p.ceiling(attempt: attempt))
            }
        }
        #expect(p.delay(afterAttempt: 3, random: { $0.upperBound }) == .milliseconds(400))
        #expect(p.delay(afterAttempt: 3, random: { $0.lowerBound }) == .zero)
    }

    @Test func retryAfterReplacesTheComputedDelayButIsCapped() {
        let p = RetryPolicy(maxAttempts: 5, baseDelay: .seconds(1), maxDelay: .seconds(30))
        #expect(p.delay(afterAttempt: 1, retryAfter: .seconds(7)) == .seconds(7))
        #expect(p.delay(afterAttempt: 1, retryAfter: .seconds(3600)) == .seconds(30))
    }

    @Test func stopsAfterMaxAttempts() {
        let p = RetryPolicy(maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(2))
        #expect(p.shouldRetry(failedAttempts: 2))
        #expect(!p.shouldRetry(failedAttempts: 3))
    }
}
