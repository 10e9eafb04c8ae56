/// A tenant's staged deal records are due for `upload.deals_history` (`DealUpload`).
///
/// It carries nothing but when it was asked for: the records wait in Redis (`DealPendingStore`), and the run
/// uploads whatever is pending when it starts, so any number of requests collapse into one waiting job.
public struct DealUploadJob: Codable, Sendable, Hashable {
    public static let payloadVersion = 1
    public var payloadVersion = Self.payloadVersion
    /// Epoch milliseconds.
    public var requestedAt: Int64

    public init(requestedAt: Int64) { self.requestedAt = requestedAt }
}
