/// What one element of `ready`/`processing`/`delayed` is.
///
/// Most elements are job envelopes (JSON objects). An ordering token (`@ordered:<key>`) stands for the head
/// job of an ordering key's list: only the holder of the token may run that key's jobs, which is how jobs of
/// one key run one at a time and in order without blocking other keys. Anything else is unreadable and goes
/// to the dead letters with the bytes kept.
public enum QueueElement: Sendable {
    case job(JobEnvelope)
    case token(orderingKey: String)
    case unreadable(reason: String)

    static let tokenPrefix: [UInt8] = Array("@ordered:".utf8)

    public static func token(for orderingKey: String) -> [UInt8] { tokenPrefix + Array(orderingKey.utf8) }

    public init(raw: [UInt8]) {
        if raw.starts(with: Self.tokenPrefix) {
            let key = String(decoding: raw[Self.tokenPrefix.count...], as: UTF8.self)
            self = key.isEmpty ? .unreadable(reason: "ordering token without a key") : .token(orderingKey: key)
            return
        }
        do { self = .job(try JobEnvelope.decode(raw)) } catch { self = .unreadable(reason: "\(error)") }
    }
}
