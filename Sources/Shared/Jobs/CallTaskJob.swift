/// A call ended: create what the tenant's rules say (a task for incoming calls; the client and maybe an order for
/// outgoing ones) and write the mapped contact and task fields. Queued by the telephony worker on the REST lane.
public struct CallTaskJob: Codable, Sendable, Hashable {
    public static let payloadVersion = 1
    public var payloadVersion = Self.payloadVersion
    /// The notification that ended the call ("call finished" or "lost call"), merged with what earlier events knew.
    public var notification: CallNotification
    /// Whether Planfix knew the caller before this call (decided at the call's first event, before Planfix's own
    /// telephony created the contact).
    public var isRepeat: Bool
    public var isLost: Bool

    public init(notification: CallNotification, isRepeat: Bool, isLost: Bool) {
        self.notification = notification
        self.isRepeat = isRepeat
        self.isLost = isLost
    }
}
