/// An element a consumer took from `ready` into its processing list, with the job it stands for.
///
/// For a plain job, `element` is the envelope itself. For an ordering token, `element` is the token and
/// `job`/`headRaw` are the head of the key's list, which is the job to run.
public struct HeldElement: Sendable {
    /// The exact bytes in the processing list (what `LREM` must match).
    public let element: [UInt8]
    public let job: JobEnvelope
    /// For ordered jobs: the exact bytes of the head of the ordering list.
    public let headRaw: [UInt8]?

    public var orderingKey: String? { headRaw == nil ? nil : job.orderingKey }
}
