/// One tenant's allowance for one remote API: a steady rate with a small burst, plus an optional daily cap.
public struct RateBudget: Sendable, Equatable, Codable {
    /// Requests per second (Planfix REST: 1 per account).
    public var perSecond: Double
    /// How many requests may go back to back after a quiet spell (1 = strictly spaced).
    public var burst: Int
    /// Requests per UTC day, 0 = no cap (Planfix plans: 20,000 / 50,000 / 100,000).
    public var perDay: Int

    public init(perSecond: Double, burst: Int = 1, perDay: Int = 0) {
        self.perSecond = perSecond
        self.burst = max(1, burst)
        self.perDay = max(0, perDay)
    }

    /// Planfix REST: 1 request/s (reference §1.4), scheduled 4% slower (42 ms between requests) so that network
    /// jitter never lands two requests within one second at Planfix, with `RateLimiter.maxLateness` (20 ms) inside
    /// that margin; no burst; the smallest plan's daily cap.
    public static let planfixREST = RateBudget(perSecond: 0.96, burst: 1, perDay: 20_000)
    /// Planfix telephony API: no documented limit; popups must not wait, so a generous guard only.
    public static let planfixTelephony = RateBudget(perSecond: 20, burst: 20)
    /// UIS Data API: the documentation's example shows 200 points/minute and 3,500/day (unverified values;
    /// tenant settings override them).
    public static let uisData = RateBudget(perSecond: 200.0 / 60, burst: 5, perDay: 3_500)
    /// UIS Call API: its own points; unverified, kept modest.
    public static let uisCall = RateBudget(perSecond: 2, burst: 2)

    public static func `default`(for api: RemoteAPI) -> RateBudget {
        switch api {
        case .planfixREST: return .planfixREST
        case .planfixTelephony: return .planfixTelephony
        case .uisData: return .uisData
        case .uisCall: return .uisCall
        }
    }

    /// Milliseconds between two requests at the steady rate.
    var emissionIntervalMillis: Int64 { Int64((1000 / max(perSecond, 0.0001)).rounded(.up)) }
}
