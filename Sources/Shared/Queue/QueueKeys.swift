/// Every Redis key the fleet's queues use, and nothing else names one.
///
/// All keys of one queue share the hash tag `{<queue>}` so that a queue lives on one Redis Cluster slot and
/// every multi-key Lua script stays inside it.
///
/// | key | type | what |
/// |---|---|---|
/// | `uisplanfix:queues` | set | names of all queues ever enqueued to (for `fleetctl queues` and metrics) |
/// | `uisplanfix:{q}:ready` | list | jobs and ordering tokens waiting; new work LPUSHed, fetched from the right |
/// | `uisplanfix:{q}:processing:<consumer>` | list | what one consumer holds right now |
/// | `uisplanfix:{q}:consumers` | set | consumer ids that fetched from this queue |
/// | `uisplanfix:{q}:heartbeat:<consumer>` | string, TTL | present while the consumer is alive |
/// | `uisplanfix:{q}:delayed` | zset | retries and deferrals, score = due time (epoch ms) |
/// | `uisplanfix:{q}:ordered:<orderingKey>` | list | jobs of one ordering key, head = the one running |
/// | `uisplanfix:{q}:dead` | hash | dead letters by job id (the JSON of a `DeadLetter`) |
/// | `uisplanfix:{q}:dead:index` | zset | dead letter ids, score = time of death (epoch ms) |
/// | `uisplanfix:{q}:stats` | hash | fleet-wide counters: `expired`, `poison`, `dead` (read by fleetctl) |
public struct QueueKeys: Sendable, Hashable {
    /// Prefix of every key the fleet writes; one Redis can serve other applications beside it.
    public static let prefix = "uisplanfix"
    /// The registry of queue names.
    public static let registry = "\(prefix):queues"

    public let queue: String
    public let ready: String
    public let consumers: String
    public let delayed: String
    public let dead: String
    public let deadIndex: String
    public let stats: String
    private let base: String

    public init(queue: String) {
        precondition(QueueKeys.isValidName(queue), "invalid queue name \(queue)")
        self.queue = queue
        base = "\(QueueKeys.prefix):{\(queue)}"
        ready = base + ":ready"
        consumers = base + ":consumers"
        delayed = base + ":delayed"
        dead = base + ":dead"
        deadIndex = base + ":dead:index"
        stats = base + ":stats"
    }

    public func processing(_ consumer: String) -> String { "\(base):processing:\(consumer)" }
    public func heartbeat(_ consumer: String) -> String { "\(base):heartbeat:\(consumer)" }
    public func ordered(_ orderingKey: String) -> String { "\(base):ordered:\(orderingKey)" }

    /// Queue names are short identifiers: letters, digits, `-`, `_`, `.` (they sit inside a hash tag).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.utf8.allSatisfy { c in
            (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 45 || c == 95 || c == 46
        }
    }
}
