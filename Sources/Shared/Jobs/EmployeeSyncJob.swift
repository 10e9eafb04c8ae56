/// «Синхронизация сотрудников» for one tenant: all employees, or only the chosen Planfix user ids.
public struct EmployeeSyncJob: Codable, Sendable, Hashable {
    public static let payloadVersion = 1
    public var payloadVersion = Self.payloadVersion
    /// Empty means "sync all".
    public var planfixUserIds: [Int]
    /// Who asked (`fleetctl`, `admin-api`, `schedule`), for the status screen.
    public var requestedBy: String
    public var requestedAt: Int64

    public init(planfixUserIds: [Int], requestedBy: String, requestedAt: Int64) {
        self.planfixUserIds = planfixUserIds
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
    }
}
