/// A chat or lead the chats poller found in UIS's reports: its record as read, so the worker acts on it without
/// reading it again. Queued on the communication's lane, like its notifications.
public struct TextCommunicationJob: Codable, Sendable, Hashable {
    public static let payloadVersion = 1
    public var payloadVersion = Self.payloadVersion
    public var communication: TextCommunication
    public init(communication: TextCommunication) { self.communication = communication }
}
