/// A Planfix task of the deal object was created or changed (automation «Послать HTTP-запрос» with `task_id`).
///
/// It carries only the task id: the deals worker reads the task's current state when it runs, so jobs of one
/// task coalesce (`FleetJobs.dealCoalescingKey`) and the latest state wins.
public struct DealChangeJob: Codable, Sendable, Hashable {
    public static let payloadVersion = 1
    public var payloadVersion = Self.payloadVersion
    public var taskId: Int64
    /// Epoch milliseconds of the first delivery that created this job.
    public var receivedAt: Int64

    public init(taskId: Int64, receivedAt: Int64) {
        self.taskId = taskId
        self.receivedAt = receivedAt
    }
}
