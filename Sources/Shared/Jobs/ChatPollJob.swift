/// Read a tenant's chats and leads from UIS's reports over a sliding window and queue those the fleet has not
/// finished (notifications that never came, tags set later, chats that closed unseen).
public struct ChatPollJob: Codable, Sendable, Hashable {
    public static let payloadVersion = 1
    public var payloadVersion = Self.payloadVersion
    /// Epoch milliseconds the run was scheduled for (the window ends a settle time before it).
    public var scheduledAt: Int64
    public init(scheduledAt: Int64) { self.scheduledAt = scheduledAt }
}
