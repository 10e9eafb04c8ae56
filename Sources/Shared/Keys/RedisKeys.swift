// Every Redis key the fleet uses is named in this file, and nowhere else (the test worker's own keys, read only
// by tests and the benchmark, are in Sources/Workers/TestJobs/TestJobKinds.swift under the `test:` prefix).

/// The keys of one queue.
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
/// | `uisplanfix:{q}:dedup:<key>` | string, TTL | present while an event with this deduplication key is known (value: job id) |
public struct QueueKeys: Sendable, Hashable {
    /// Prefix of every key the fleet writes; one Redis can serve other applications beside it.
    public static let prefix = "uisplanfix"
    /// The registry of queue names.
    public static let registry = "\(prefix):queues"
    /// The set of tenant ids that have a settings document.
    public static let tenants = "\(prefix):tenants"

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
    public func deduplication(_ key: String) -> String { "\(base):dedup:\(key)" }

    /// Queue names are short identifiers: letters, digits, `-`, `_`, `.` (they sit inside a hash tag).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.utf8.allSatisfy { c in
            (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 45 || c == 95 || c == 46
        }
    }
}

/// The keys of one tenant's remote-API state: rate budgets, circuit breakers, pauses and the effect store.
///
/// All share the hash tag `{tenant:<id>}`, so every per-tenant script stays on one Redis Cluster slot.
///
/// | key | type | what |
/// |---|---|---|
/// | `uisplanfix:{tenant:T}:budget:<api>` | string, TTL | GCRA theoretical arrival time (epoch ms) |
/// | `uisplanfix:{tenant:T}:budget:<api>:reserved` | hash, TTL | job id → the future slot reserved for it |
/// | `uisplanfix:{tenant:T}:budget:<api>:day:<yyyymmdd>` | string, TTL 2 days | requests counted today (UTC) |
/// | `uisplanfix:{tenant:T}:quota:<api>` | string, TTL | present while the remote side said the quota is gone |
/// | `uisplanfix:{tenant:T}:breaker:<api>` | hash | circuit breaker state |
/// | `uisplanfix:{tenant:T}:paused:<api>` | string, TTL | present while credentials are refused (the reason) |
/// | `uisplanfix:{tenant:T}:effect:<natural key>` | string, TTL 90 days | the remote id of an effect already made |
/// | `uisplanfix:{tenant:T}:effect-claim:<natural key>` | string, TTL 60 s | held while one run makes the effect: a random token and that run's heartbeat key (`EffectClaim`) |
/// | `uisplanfix:{tenant:T}:effect-intent:<natural key>` | string, TTL 90 days | present while an effect's create call may have been sent but its result is not recorded (what the try wrote, e.g. the counterparty) |
/// | `uisplanfix:{tenant:T}:settings` | hash | the tenant's settings document: `version`, `document`, `updatedAt` |
/// | `uisplanfix:{tenant:T}:events` | list, TTL | the tenant's last normalised events, newest first (dry runs, previews) |
/// | `uisplanfix:{tenant:T}:employees` | hash | the synced employee mapping: `version`, `document` (JSON), `syncedAt` |
/// | `uisplanfix:{tenant:T}:employees:status` | string | the last employee sync's status (JSON `EmployeeSyncStatus`) |
/// | `uisplanfix:{tenant:T}:employees:progress` | string, TTL 1 day | a running sync's checkpoint (pages read so far) |
/// | `uisplanfix:{tenant:T}:call:<id>` | string, TTL 2 days | a call's telephony state and the Planfix commands not yet sent (JSON) |
/// | `uisplanfix:{tenant:T}:manager:<phone>` | string, TTL 30 days | personal manager of a caller (E.164): JSON `PersonalManagerCache.Entry` |
/// | `uisplanfix:{tenant:T}:task-origin:<task id>` | string, TTL 90 days | the UIS communication that created a Planfix task (JSON `TaskOrigin`) |
/// | `uisplanfix:{tenant:T}:deal:<task id>` | string, TTL 400 days | what was last uploaded to UIS for a deal (JSON `DealUploadState`) |
/// | `uisplanfix:{tenant:T}:deals:funnel` | string | the UIS sales funnel as last synced (JSON `UISSalesFunnel`) |
/// | `uisplanfix:{tenant:T}:deals:statuses:<object id>` | string, TTL 10 min | the deal object's Planfix statuses (JSON) |
/// | `uisplanfix:{tenant:T}:deals:funnel:lock` | string, TTL 30 s | held by the job changing the funnel (its job id) |
/// | `uisplanfix:{tenant:T}:deals:pending` | zset | task ids whose deal records wait for `upload.deals_history`, score = when the oldest waiting record was staged (epoch ms) |
/// | `uisplanfix:{tenant:T}:deals:pending:<task id>` | list | one deal's records waiting for upload, oldest first (JSON `DealPendingEntry`, one per stage) |
/// | `uisplanfix:{tenant:T}:deals:contact:<contact id>` | string, TTL 400 days | the UIS deal contact as last sent (its fingerprint: name, phones, e-mails) |
/// | `uisplanfix:{tenant:T}:text:<communication id>` | string, TTL 30 days | a chat's or lead's progress in the chats worker (JSON `TextCommunicationState`) |
/// | `uisplanfix:{tenant:T}:text:<communication id>:lock` | string, TTL 2 min | held while one worker processes the communication (job id) |
/// | `uisplanfix:{tenant:T}:contact-link:<visitor\|person\|username>:<id>` | string, TTL 365 days | the Planfix contact id of a UIS visitor, person or messenger username |
/// | `uisplanfix:tenants` | set | ids of tenants with settings (`QueueKeys.tenants`) |
public struct TenantKeys: Sendable, Hashable {
    public let tenant: String
    private let base: String

    public init(tenant: String) {
        self.tenant = tenant
        base = "\(QueueKeys.prefix):{tenant:\(tenant)}"
    }

    public func budget(_ api: String) -> String { "\(base):budget:\(api)" }
    public func budgetReservations(_ api: String) -> String { "\(base):budget:\(api):reserved" }
    public func budgetDay(_ api: String, day: String) -> String { "\(base):budget:\(api):day:\(day)" }
    public func quotaExhausted(_ api: String) -> String { "\(base):quota:\(api)" }
    public func breaker(_ api: String) -> String { "\(base):breaker:\(api)" }
    public func paused(_ api: String) -> String { "\(base):paused:\(api)" }
    public func effect(_ naturalKey: String) -> String { "\(base):effect:\(naturalKey)" }
    public func effectIntent(_ naturalKey: String) -> String { "\(base):effect-intent:\(naturalKey)" }
    public func effectClaim(_ naturalKey: String) -> String { "\(base):effect-claim:\(naturalKey)" }
    public var settings: String { "\(base):settings" }
    public var recentEvents: String { "\(base):events" }
    public var employeeMapping: String { "\(base):employees" }
    public var employeeSyncStatus: String { "\(base):employees:status" }
    public var employeeSyncProgress: String { "\(base):employees:progress" }
    public func call(_ callSessionId: Int64) -> String { "\(base):call:\(callSessionId)" }
    public func personalManager(phone: String) -> String { "\(base):manager:\(phone)" }
    public func taskOrigin(_ taskId: Int64) -> String { "\(base):task-origin:\(taskId)" }
    public func dealUpload(_ taskId: Int64) -> String { "\(base):deal:\(taskId)" }
    public var dealFunnel: String { "\(base):deals:funnel" }
    public func dealStatuses(objectId: Int) -> String { "\(base):deals:statuses:\(objectId)" }
    public var dealFunnelLock: String { "\(base):deals:funnel:lock" }
    public var dealsPending: String { "\(base):deals:pending" }
    public func dealPendingRecords(_ taskId: Int64) -> String { "\(base):deals:pending:\(taskId)" }
    public func dealContactSent(_ contactId: Int) -> String { "\(base):deals:contact:\(contactId)" }
    public func textCommunication(_ communicationId: Int64) -> String { "\(base):text:\(communicationId)" }
    public func textCommunicationLock(_ communicationId: Int64) -> String { "\(base):text:\(communicationId):lock" }
    public func contactLink(_ kind: String, _ id: String) -> String { "\(base):contact-link:\(kind):\(id)" }

    /// Tenant ids are short identifiers (they sit inside a hash tag and in URLs).
    public static func isValidTenantID(_ id: String) -> Bool { QueueKeys.isValidName(id) }
}
