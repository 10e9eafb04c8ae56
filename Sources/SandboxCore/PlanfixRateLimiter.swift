import Synchronization

/// Enforces Planfix's per-account limits (PF §1.4): at most `requestsPerSecond` accepted requests in any
/// sliding second, and `dailyLimit` accepted requests per day (code 22 when exhausted). Thread-safe; a
/// decision is atomic, so concurrent requests can never both take the last slot.
public final class PlanfixRateLimiter: Sendable {
    public enum Decision: Equatable, Sendable {
        case accepted(dailyRemaining: Int)
        case perSecondExceeded(dailyRemaining: Int)
        case dailyExhausted
    }

    private struct Account {
        var recent: [Int64] = []
        var day: Int64 = -1
        var usedToday = 0
    }

    private let accounts = Mutex<[String: Account]>([:])

    public init() {}

    public func admit(account: String, requestsPerSecond: Int, dailyLimit: Int, nowMs: Int64) -> Decision {
        accounts.withLock { all in
            var a = all[account] ?? Account()
            let day = (nowMs / 1000 + SandboxAssumptions.planfixDayOffsetSeconds) / 86_400
            if a.day != day { a.day = day; a.usedToday = 0 }
            let decision: Decision
            if a.usedToday >= dailyLimit {
                decision = .dailyExhausted
            } else {
                a.recent.removeAll { $0 <= nowMs - SandboxAssumptions.planfixWindowMilliseconds }
                if a.recent.count >= requestsPerSecond {
                    decision = .perSecondExceeded(dailyRemaining: dailyLimit - a.usedToday)
                } else {
                    a.recent.append(nowMs)
                    a.usedToday += 1
                    decision = .accepted(dailyRemaining: dailyLimit - a.usedToday)
                }
            }
            all[account] = a
            return decision
        }
    }

    public func reset(account: String?) {
        accounts.withLock { all in
            if let account { all[account] = nil } else { all.removeAll() }
        }
    }
}
