import Synchronization

/// UIS point budgets per tenant and API (UIS §1.5): every successful Data API call costs 1 point; failures
/// cost nothing. Minute and day are calendar windows. `check` happens before the work, `charge` after a
/// success, so an error never uses points. Thread-safe.
public final class UISPointLimiter: Sendable {
    public struct Limits: Sendable {
        public var dayLimit: Int, dayRemaining: Int, dayReset: Int
        public var minuteLimit: Int, minuteRemaining: Int, minuteReset: Int

        public var json: JSONValue {
            ["day_limit": JSONValue(dayLimit), "day_remaining": JSONValue(dayRemaining), "day_reset": JSONValue(dayReset),
             "minute_limit": JSONValue(minuteLimit), "minute_remaining": JSONValue(minuteRemaining),
             "minute_reset": JSONValue(minuteReset)]
        }
    }

    public enum Exceeded: Sendable { case minute(Int), day(Int) }

    private struct Budget { var minute: Int64 = -1, usedMinute = 0, day: Int64 = -1, usedDay = 0 }
    private let budgets = Mutex<[String: Budget]>([:])

    public init() {}

    private static func windows(_ nowMs: Int64) -> (minute: Int64, day: Int64, minuteReset: Int, dayReset: Int) {
        let s = nowMs / 1000
        let shifted = s + SandboxAssumptions.uisDayOffsetSeconds
        return (s / 60, shifted / 86_400, Int(60 - s % 60), Int(86_400 - shifted % 86_400))
    }

    private static func roll(_ b: inout Budget, _ nowMs: Int64) {
        let w = windows(nowMs)
        if b.minute != w.minute { b.minute = w.minute; b.usedMinute = 0 }
        if b.day != w.day { b.day = w.day; b.usedDay = 0 }
    }

    /// Nil when a point is available, else which limit is exhausted.
    public func check(key: String, perMinute: Int, perDay: Int, nowMs: Int64) -> Exceeded? {
        budgets.withLock { all in
            var b = all[key] ?? Budget()
            Self.roll(&b, nowMs)
            all[key] = b
            if b.usedDay >= perDay { return .day(perDay) }
            if b.usedMinute >= perMinute { return .minute(perMinute) }
            return nil
        }
    }

    /// Uses `points` (after a success) and returns the limits to report in `metadata.limits`.
    public func charge(key: String, points: Int, perMinute: Int, perDay: Int, nowMs: Int64) -> Limits {
        budgets.withLock { all in
            var b = all[key] ?? Budget()
            Self.roll(&b, nowMs)
            b.usedMinute += points
            b.usedDay += points
            all[key] = b
            let w = Self.windows(nowMs)
            return Limits(dayLimit: perDay, dayRemaining: max(0, perDay - b.usedDay), dayReset: w.dayReset,
                          minuteLimit: perMinute, minuteRemaining: max(0, perMinute - b.usedMinute), minuteReset: w.minuteReset)
        }
    }

    public func reset(prefix: String?) {
        budgets.withLock { all in
            if let prefix { all = all.filter { !$0.key.hasPrefix(prefix) } } else { all.removeAll() }
        }
    }
}
