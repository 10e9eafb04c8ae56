import Synchronization

/// Runtime-configurable faults per tenant and API (`planfix-rest`, `planfix-tel`, `uis-data`, `uis-call`):
/// added latency, error statuses, 429 with Retry-After, hangs and drops. One uniform roll per request picks
/// at most one outcome (hang, drop, rate limit, error, in that order of the cumulative shares), so the
/// configured rates are exact shares. Thread-safe. Invalid specs are refused by `FaultSpec.parse`.
public enum SandboxAPI: String, Sendable, CaseIterable {
    case planfixRest = "planfix-rest"
    case planfixTel = "planfix-tel"
    case uisData = "uis-data"
    case uisCall = "uis-call"
}

public struct FaultSpec: Sendable, Equatable {
    public var latencyMin = 0, latencyMax = 0
    public var errorRate = 0.0, errorStatus = 503
    public var rateLimitRate = 0.0, retryAfterSeconds = 1
    public var hangRate = 0.0, dropRate = 0.0

    /// Reads the `POST /_admin/faults` body; returns an error text for bad values.
    public static func parse(_ body: JSONValue) -> Result<FaultSpec, FaultSpecError> {
        var s = FaultSpec()
        if let l = body["latencyMs"], !l.isNull {
            guard let min = l["min"]?.intValue ?? l.intValue, let max = l["max"]?.intValue ?? l.intValue,
                  min >= 0, max >= min, max <= 600_000 else { return .failure(.init("latencyMs must be {min,max} with 0<=min<=max<=600000")) }
            s.latencyMin = Int(min); s.latencyMax = Int(max)
        }
        func rate(_ k: String) -> Double? {
            guard let v = body[k], !v.isNull else { return 0 }
            guard let d = v.doubleValue, d >= 0, d <= 1 else { return nil }
            return d
        }
        guard let e = rate("errorRate"), let r = rate("rateLimitRate"), let h = rate("hangRate"), let d = rate("dropRate") else {
            return .failure(.init("rates must be numbers between 0 and 1"))
        }
        guard e + r + h + d <= 1.000001 else { return .failure(.init("the rates must add up to at most 1")) }
        s.errorRate = e; s.rateLimitRate = r; s.hangRate = h; s.dropRate = d
        if let st = body["errorStatus"], !st.isNull {
            guard let v = st.intValue, (400...599).contains(v) else { return .failure(.init("errorStatus must be 400...599")) }
            s.errorStatus = Int(v)
        }
        if let ra = body["retryAfterSeconds"], !ra.isNull {
            guard let v = ra.intValue, v >= 0, v <= 86_400 else { return .failure(.init("retryAfterSeconds must be 0...86400")) }
            s.retryAfterSeconds = Int(v)
        }
        return .success(s)
    }

    public var json: JSONValue {
        ["latencyMs": ["min": JSONValue(latencyMin), "max": JSONValue(latencyMax)], "errorRate": .double(errorRate),
         "errorStatus": JSONValue(errorStatus), "rateLimitRate": .double(rateLimitRate),
         "retryAfterSeconds": JSONValue(retryAfterSeconds), "hangRate": .double(hangRate), "dropRate": .double(dropRate)]
    }
}

public struct FaultSpecError: Error, Sendable {
    public let message: String
    init(_ m: String) { message = m }
}

public enum FaultOutcome: Sendable, Equatable {
    case none, error(Int), rateLimited(retryAfter: Int), hang, drop
}

public final class FaultInjector: Sendable {
    private let specs = Mutex<[String: FaultSpec]>([:])

    public init() {}

    private static func key(_ tenant: String, _ api: SandboxAPI) -> String { "\(tenant)|\(api.rawValue)" }

    public func set(tenant: String, api: SandboxAPI, spec: FaultSpec) {
        specs.withLock { $0[Self.key(tenant, api)] = spec }
    }

    /// Clears the faults of a tenant and/or API; nil matches all.
    public func clear(tenant: String?, api: SandboxAPI?) {
        specs.withLock { all in
            all = all.filter { k, _ in
                let parts = k.split(separator: "|", maxSplits: 1).map(String.init)
                let matches = (tenant == nil || parts[0] == tenant) && (api == nil || parts[1] == api!.rawValue)
                return !matches
            }
        }
    }

    public var all: JSONValue {
        specs.withLock { all in
            .array(all.keys.sorted().map { k in
                let parts = k.split(separator: "|", maxSplits: 1).map(String.init)
                var o = all[k]!.json.objectValue!
                o["tenant"] = .string(parts[0]); o["api"] = .string(parts[1])
                return .object(o)
            })
        }
    }

    /// Picks the latency and outcome of one request.
    public func plan(tenant: String, api: SandboxAPI) -> (latencyMs: Int, outcome: FaultOutcome) {
        guard let s = specs.withLock({ $0[Self.key(tenant, api)] }) else { return (0, .none) }
        let latency = s.latencyMax > s.latencyMin ? Int.random(in: s.latencyMin...s.latencyMax) : s.latencyMin
        let u = Double.random(in: 0..<1)
        var edge = s.hangRate
        if u < edge { return (latency, .hang) }
        edge += s.dropRate
        if u < edge { return (latency, .drop) }
        edge += s.rateLimitRate
        if u < edge { return (latency, .rateLimited(retryAfter: s.retryAfterSeconds)) }
        edge += s.errorRate
        if u < edge { return (latency, .error(s.errorStatus)) }
        return (latency, .none)
    }
}
