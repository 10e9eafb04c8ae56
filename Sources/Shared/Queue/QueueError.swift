/// Failures of queue operations (as opposed to job handler failures, which are `JobFailure`s).
public struct QueueError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable { case undecodable, tooLarge, notFound, invalid, conflict }
    private let code: Code
    public let message: String
    private init(_ code: Code, _ message: String) { self.code = code; self.message = message }

    /// A queue element that is not a job envelope of a known version.
    public static func undecodable(_ m: String) -> QueueError { .init(.undecodable, m) }
    /// An envelope over `JobEnvelope.maxEncodedBytes`.
    public static func tooLarge(_ m: String) -> QueueError { .init(.tooLarge, m) }
    /// No job or dead letter with that id.
    public static func notFound(_ m: String) -> QueueError { .init(.notFound, m) }
    /// A bad argument (queue name, filter, rate).
    public static func invalid(_ m: String) -> QueueError { .init(.invalid, m) }

    /// Someone else changed the thing first (a settings version that moved on).
    public static func conflict(_ m: String) -> QueueError { .init(.conflict, m) }

    public var isNotFound: Bool { code == .notFound }
    public var isConflict: Bool { code == .conflict }
    public var isInvalid: Bool { code == .invalid || code == .tooLarge }
    public var description: String { message }

    /// A one-line description of a decoding error, without dumping the input (it may carry personal data).
    static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, _): return "missing field \(key.stringValue)"
        case let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx):
            return "wrong type at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted: return "malformed JSON"
        default: return "\(error)"
        }
    }
}
