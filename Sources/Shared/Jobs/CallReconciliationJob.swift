/// Look for finished calls of a tenant that the fleet never saw end (a lost or never-sent UIS notification) in
/// UIS's call report, and process them like any other.
public struct CallReconciliationJob: Codable, Sendable, Hashable {
    public static let payloadVersion = 1
    public var payloadVersion = Self.payloadVersion
    /// Epoch milliseconds the run was scheduled for (the window ends a settle time before it).
    public var scheduledAt: Int64
    public init(scheduledAt: Int64) { self.scheduledAt = scheduledAt }
}
