/// The queues and job kinds the ingest produces and the workers consume: one table, so a producer and its consumer
/// can never disagree on a name, a deadline or how long duplicates are remembered.
///
/// | queue | kind | payload | from |
/// |---|---|---|---|
/// | `telephony` | `call.event` | `CallNotification` | UIS call notifications (ordered per call) |
/// | `telephony` | `call.make` | `MakeCallJob` | Planfix click-to-call (real-time, deadline) |
/// | `telephony` | `manager.lookup` | `ManagerLookupJob` | interactive routing missed the cache |
/// | `telephony-rest` | `calls.reconcile` | `CallReconciliationJob` | the telephony worker's schedule (every 5 minutes per tenant) |
/// | `telephony-rest` | `call.task` | `CallTaskJob` | the telephony worker, when a call ended (Planfix REST work, off the real-time lane) |
/// | `chats` | `chat.event` / `lead.event` | `TextNotification` | UIS chat and lead notifications (ordered per communication) |
/// | `chats` | `chats.poll` | `ChatPollJob` | the chats worker's schedule (every 5 minutes per tenant) |
/// | `chats` | `text.communication` | `TextCommunicationJob` | the chats poller, for a chat or lead no notification finished |
/// | `deals` | `deal.changed` | `DealChangeJob` | the Planfix deal automation (coalesced per task; one tenant at a time) |
/// | `deals` | `deals.upload` | `DealUploadJob` | a deal job or the deals worker's schedule, when a tenant's staged deal records are due (one per tenant at a time) |
/// | `employees` | `employees.sync` | `EmployeeSyncJob` | an operator (fleetctl, admin API) |
public enum FleetJobs {
    public enum Queue {
        public static let telephony = "telephony"
        /// Planfix REST work of the telephony flow (tasks, contact fields): its backlog never delays a popup.
        public static let telephonyREST = "telephony-rest"
        public static let chats = "chats"
        public static let deals = "deals"
        public static let employees = "employees"
    }

    public enum Kind {
        public static let callEvent = "call.event"
        public static let makeCall = "call.make"
        public static let managerLookup = "manager.lookup"
        public static let callTask = "call.task"
        public static let callsReconcile = "calls.reconcile"
        public static let chatEvent = "chat.event"
        public static let leadEvent = "lead.event"
        public static let chatsPoll = "chats.poll"
        public static let textCommunication = "text.communication"
        public static let dealChanged = "deal.changed"
        public static let dealsUpload = "deals.upload"
        public static let employeeSync = "employees.sync"
    }

    /// How long a webhook's deduplication key is kept: longer than any sender re-sends (Planfix's automation
    /// re-sends for ~3 h; UIS's retry policy is undocumented), so a late re-delivery is still recognised.
    public static let webhookDeduplicationTTL: Duration = .seconds(6 * 3600)
    /// A click-to-call that has not rung within this is dropped: the user has given up and may click again.
    public static let makeCallDeadline: Duration = .seconds(60)
    /// The same click (same employee, same number) within this window rings once (double clicks).
    public static let makeCallRepeatWindow: Duration = .seconds(10)
    /// A caller the routing cache missed is looked up in Planfix at most this often.
    public static let managerLookupInterval: Duration = .seconds(600)
    /// Safety bound on a coalescing key whose worker never released it (the worker releases it at start).
    public static let coalescingTTL: Duration = .seconds(3 * 3600)

    /// Ordering keys are scoped by tenant: two tenants' ids never share a lane.
    public static func orderingKey(tenant: String, _ key: String) -> String { "\(tenant):\(key)" }

    /// The coalescing key of a Planfix task's deal jobs (`DealChangeJob`); the deals worker releases it when it
    /// starts on the job (`JobQueue.releaseDeduplicationKey`).
    public static func dealCoalescingKey(tenant: String, taskId: Int64) -> String { "\(tenant):deal:\(taskId)" }

    /// The ordering key of a tenant's deal jobs: its Planfix REST lane (`RateLimiter.lane`). A deal job reads the
    /// task, and the first ones also the object's statuses and the counterparty, at the tenant's 1 request/s; jobs
    /// making several calls must run one at a time, or each takes one slot per run and is deferred for the next
    /// forever. One lane per tenant also keeps each task's jobs in arrival order.
    public static func dealOrderingKey(tenant: String) -> String { RateLimiter.lane(tenant: tenant, api: .planfixREST) }

    /// The deduplication key of a tenant's waiting `deals.upload` job (one waits at a time; the job releases the
    /// key when it starts, so records staged while it runs get a run of their own).
    public static func dealsUploadKey(tenant: String) -> String { "\(tenant):deals-upload" }

    /// The ordering key of a tenant's `deals.upload` jobs: one uploader per tenant at a time, on a lane of its own
    /// so that an upload waiting out a UIS outage never holds up the deal jobs staging records behind it.
    public static func dealsUploadOrderingKey(tenant: String) -> String { orderingKey(tenant: tenant, "deals-upload") }

    /// The key of a pending employee sync of a tenant; the employee-sync worker releases it when it starts.
    public static func employeeSyncKey(tenant: String) -> String { "\(tenant):employees" }
}
