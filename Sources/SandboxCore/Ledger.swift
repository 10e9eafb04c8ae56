import Foundation
import Synchronization

/// The in-memory record of everything the sandbox saw (requests) and did (effects), so tests and
/// benchmarks can assert on behaviour: JSON lines via `/_admin/ledger`, aggregates via `/_admin/stats`.
/// Bounded (oldest entries dropped beyond `capacity`, counted in `dropped`); thread-safe.
public struct LedgerEntry: Sendable {
    public var timeMs: Int64
    public var tenant: String
    public var api: String
    public var kind: String          // "request" or "effect"
    public var operation: String     // "POST /task/", "cmd=event", "get.calls_report", or the effect name
    public var status: Int?
    public var code: String?
    public var latencyMs: Int64?
    public var details: JSONValue?

    public var json: JSONValue {
        var o: [String: JSONValue] = ["time": .int(timeMs), "tenant": .string(tenant), "api": .string(api),
                                      "kind": .string(kind), "op": .string(operation)]
        if let status { o["status"] = JSONValue(status) }
        if let code { o["code"] = .string(code) }
        if let latencyMs { o["latencyMs"] = .int(latencyMs) }
        if let details { o["details"] = details }
        return .object(o)
    }
}

public final class Ledger: Sendable {
    public let capacity: Int
    private struct Store { var entries: [LedgerEntry] = []; var dropped = 0 }
    private let store = Mutex(Store())

    public init(capacity: Int = 500_000) { self.capacity = capacity }

    public static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    public func append(_ e: LedgerEntry) {
        store.withLock { s in
            s.entries.append(e)
            if s.entries.count > capacity {
                let extra = s.entries.count - capacity
                s.entries.removeFirst(extra)
                s.dropped += extra
            }
        }
    }

    public func effect(tenant: String, api: SandboxAPI, _ name: String, _ details: JSONValue) {
        append(LedgerEntry(timeMs: Self.nowMs(), tenant: tenant, api: api.rawValue, kind: "effect", operation: name,
                           details: details))
    }

    public func entries(tenant: String?, api: String?, sinceMs: Int64?) -> [LedgerEntry] {
        store.withLock { s in
            s.entries.filter { e in
                (tenant == nil || e.tenant == tenant) && (api == nil || e.api == api) && (sinceMs == nil || e.timeMs >= sinceMs!)
            }
        }
    }

    public func clear(tenant: String?) {
        store.withLock { s in
            if let tenant { s.entries.removeAll { $0.tenant == tenant } } else { s = Store() }
        }
    }

    /// Aggregates for `/_admin/stats`: requests per API and status, the largest number of Planfix REST
    /// requests that arrived within any 1000 ms (all arrivals, refused ones included, since they measure the
    /// client's pacing), and tasks created per marker.
    public func stats(tenant: String?) -> JSONValue {
        let list = entries(tenant: tenant, api: nil, sinceMs: nil)
        var perTenant: [String: (requests: [String: Int64], statuses: [String: Int64], restTimes: [Int64],
                                 markers: [String: Int64], effects: [String: Int64])] = [:]
        for e in list {
            var t = perTenant[e.tenant] ?? ([:], [:], [], [:], [:])
            if e.kind == "request" {
                t.requests[e.api, default: 0] += 1
                t.statuses["\(e.api) \(e.status.map(String.init) ?? "-")", default: 0] += 1
                if e.api == SandboxAPI.planfixRest.rawValue { t.restTimes.append(e.timeMs) }
            } else {
                t.effects[e.operation, default: 0] += 1
                if e.operation == "task.created", let m = e.details?["marker"]?.stringValue { t.markers[m, default: 0] += 1 }
            }
            perTenant[e.tenant] = t
        }
        var out: [String: JSONValue] = [:]
        for (tenant, t) in perTenant {
            let (maxCount, at) = Self.maxInWindow(t.restTimes.sorted(), windowMs: 1000)
            out[tenant] = [
                "requests": .object(t.requests.mapValues { .int($0) }),
                "statuses": .object(t.statuses.mapValues { .int($0) }),
                "effects": .object(t.effects.mapValues { .int($0) }),
                "planfixMaxRequestsPerSecond": JSONValue(maxCount),
                "planfixMaxWindowStartMs": at.map { .int($0) } ?? .null,
                "tasksPerMarker": .object(t.markers.mapValues { .int($0) }),
            ]
        }
        let dropped = store.withLock { $0.dropped }
        return ["result": "success", "tenants": .object(out), "droppedEntries": JSONValue(dropped)]
    }

    /// Largest count of sorted times within any half-open window [t, t + windowMs).
    static func maxInWindow(_ times: [Int64], windowMs: Int64) -> (Int, Int64?) {
        var best = 0, start: Int64? = nil, lo = 0
        for hi in times.indices {
            while times[hi] - times[lo] >= windowMs { lo += 1 }
            if hi - lo + 1 > best { best = hi - lo + 1; start = times[lo] }
        }
        return (best, start)
    }
}
