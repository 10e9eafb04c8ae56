/// A tenant's employee sync as `fleetctl employees show` and the admin API present it: the last sync's status and
/// the mapping in force (nil parts: nothing yet).
public struct EmployeeView: Sendable, Codable {
    public var status: EmployeeSyncStatus?
    public var snapshot: EmployeeDirectory.Snapshot?
    public init(status: EmployeeSyncStatus?, snapshot: EmployeeDirectory.Snapshot?) {
        self.status = status
        self.snapshot = snapshot
    }
}
