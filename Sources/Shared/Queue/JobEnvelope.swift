import Foundation
import Synchronization

/// One job as it sits in Redis: a versioned JSON object kept inline in the list element (one `LPUSH` is
/// atomic, and no payload key can be orphaned).
///
/// `attempts` counts handler runs that failed; `deliveries` counts deliveries to consumers that died before
/// finishing (what the reaper recovered), so a job that kills its worker is caught even though its handler never
/// got to fail. `errors` is the whole history, oldest first; it travels into the dead letters.
public struct JobEnvelope: Codable, Sendable, Equatable {
    /// The envelope format version; a worker refuses (dead-letters) versions it does not know.
    public static let currentVersion = 1
    /// Largest accepted encoded envelope: Redis lists are not blob stores, and a runaway payload would stall
    /// every `LREM` that scans past it.
    public static let maxEncodedBytes = 256 * 1024

    public var v: Int
    public var id: String
    public var kind: String
    public var tenant: String
    public var payload: JSONValue
    public var attempts: Int
    public var deliveries: Int
    /// Epoch milliseconds when this job was (last) put on the queue.
    public var enqueuedAt: Int64
    /// Epoch milliseconds when the fleet first saw the event (kept across dead-letter replays), or for a job another
    /// job queued (a call's task) when it was made.
    public var firstSeenAt: Int64
    /// Epoch milliseconds after which the job is worthless and is dropped as `expired` (real-time work).
    public var deadline: Int64?
    /// Jobs with the same key run one at a time, in arrival order.
    public var orderingKey: String?
    public var errors: [JobErrorRecord]

    public init(id: String = JobID.make(), kind: String, tenant: String, payload: JSONValue, now: Int64 = WallClock.epochMillis(),
                deadline: Int64? = nil, orderingKey: String? = nil) {
        v = Self.currentVersion
        self.id = id
        self.kind = kind
        self.tenant = tenant
        self.payload = payload
        attempts = 0
        deliveries = 0
        enqueuedAt = now
        firstSeenAt = now
        self.deadline = deadline
        self.orderingKey = orderingKey
        errors = []
    }

    /// The envelope's JSON (written directly: this runs for every job the fleet stores, and `JSONEncoder` cost
    /// several times more than the rest of an enqueue). Decodes with `decode` to an equal envelope.
    public func encoded() throws -> [UInt8] { try encoded(payloadJSON: nil) }

    /// The envelope's JSON with `payloadJSON` (already encoded JSON) in place of the envelope's own payload: the
    /// ingest's notifications write themselves (`JSONWritable`) instead of becoming a `JSONValue` first.
    public func encoded(payloadJSON: [UInt8]?) throws -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.object { o in
            o.int("v", Int64(v))
            o.string("id", id)
            o.string("kind", kind)
            o.string("tenant", tenant)
            if let payloadJSON { o.field("payload") { $0.raw(payloadJSON) } } else { o.value("payload", payload) }
            o.int("attempts", Int64(attempts))
            o.int("deliveries", Int64(deliveries))
            o.int("enqueuedAt", enqueuedAt)
            o.int("firstSeenAt", firstSeenAt)
            o.int("deadline", deadline)
            o.string("orderingKey", orderingKey)
            o.field("errors") { w in
                w.raw("[")
                for (i, e) in errors.enumerated() {
                    if i > 0 { w.raw(",") }
                    w.object { r in
                        r.int("at", e.at)
                        r.string("class", e.class)
                        r.string("message", e.message)
                    }
                }
                w.raw("]")
            }
        }
        let bytes = w.bytes
        guard bytes.count <= Self.maxEncodedBytes else {
            throw QueueError.tooLarge("job \(id) is \(bytes.count) bytes, over \(Self.maxEncodedBytes)")
        }
        return bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> JobEnvelope {
        let envelope: JobEnvelope
        do {
            envelope = try JSONDecoder().decode(JobEnvelope.self, from: Data(bytes))
        } catch {
            throw QueueError.undecodable("not a job envelope: \(QueueError.describe(error))")
        }
        guard envelope.v == currentVersion else { throw QueueError.undecodable("unknown envelope version \(envelope.v)") }
        return envelope
    }
}

/// One failure in a job's history.
public struct JobErrorRecord: Codable, Sendable, Equatable {
    /// Epoch milliseconds.
    public var at: Int64
    /// `transient`, `permanent`, `poison`, `undecodable`, `no-handler`, `expired`, ...
    public var `class`: String
    public var message: String

    public init(at: Int64, class errorClass: String, message: String) {
        self.at = at
        self.class = errorClass
        self.message = message
    }
}

/// Job ids: time-ordered, unique across processes without coordination.
///
/// The 40 random bits are a counter mixed with a per-process random seed (splitmix64): as unlikely to collide as
/// fresh random bits, without the `getrandom` system call per job that the system generator makes (a few percent of
/// the ingest's CPU per webhook).
public enum JobID {
    private static let seed = UInt64.random(in: 0...UInt64.max)
    private static let counter = Atomic<UInt64>(0)

    public static func make() -> String {
        let millis = UInt64(WallClock.epochMillis())
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let random = mix(seed &+ n &* 0x9E37_79B9_7F4A_7C15) & ((1 << 40) - 1)
        return String(millis, radix: 36) + "-" + String(random, radix: 36)
    }

    /// splitmix64's finaliser.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Wall-clock time in the units the queue stores.
public enum WallClock {
    public static func epochMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
