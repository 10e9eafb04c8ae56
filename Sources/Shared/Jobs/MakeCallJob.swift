/// Planfix click-to-call (`cmd=makeCall`): ring employee `fromExtension`, then connect them to `to`.
///
/// The telephony worker turns it into UIS `start.employee_call` for the UIS employee mapped to the extension.
/// `to` is kept as Planfix sent it and in canonical form when `PhoneNumber` reads it.
public struct MakeCallJob: Codable, Sendable, Hashable {
    public static let payloadVersion = 1
    public var payloadVersion = Self.payloadVersion
    public var fromExtension: String
    public var to: String
    public var toE164: String?
    /// Epoch milliseconds when Planfix asked.
    public var requestedAt: Int64

    public init(fromExtension: String, to: String, requestedAt: Int64) {
        self.fromExtension = fromExtension
        self.to = to
        toE164 = PhoneNumber(parsing: to)?.e164
        self.requestedAt = requestedAt
    }
}
