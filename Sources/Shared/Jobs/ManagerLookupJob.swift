/// The routing cache had no fresh personal manager for a caller: look the caller up in Planfix (`cmd=contact`)
/// and refresh `PersonalManagerCache`, so the next call from that number is routed.
public struct ManagerLookupJob: Codable, Sendable, Hashable {
    public static let payloadVersion = 1
    public var payloadVersion = Self.payloadVersion
    /// E.164.
    public var phone: String
    public var callSessionId: Int64?

    public init(phone: String, callSessionId: Int64?) {
        self.phone = phone
        self.callSessionId = callSessionId
    }
}
