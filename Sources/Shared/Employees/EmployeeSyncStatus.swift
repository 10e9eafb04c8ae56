/// What the settings screen and `fleetctl employees show` display about a tenant's employee sync: state, when,
/// counts, who was not matched and why, and the error when it failed. The last successful sync's time stays
/// visible while a new one runs or after one failed.
public struct EmployeeSyncStatus: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable { case running, succeeded, failed }

    public var state: State
    public var jobId: String
    /// `all` or the chosen Planfix user ids, e.g. `3,5,8`.
    public var scope: String
    public var requestedBy: String
    /// Epoch milliseconds.
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var matched = 0
    public var unmatched: [EmployeeUnmatched] = []
    public var ambiguous: [EmployeeAmbiguous] = []
    /// Why the last attempt failed (secret-free); nil after a success.
    public var error: String?
    /// The last sync that succeeded, and the mapping version it wrote.
    public var lastSucceededAt: Int64?
    public var mappingVersion: Int?

    public init(state: State, jobId: String, scope: String, requestedBy: String, startedAt: Int64) {
        self.state = state
        self.jobId = jobId
        self.scope = scope
        self.requestedBy = requestedBy
        self.startedAt = startedAt
    }
}
