/// Every failure of the Redis layer: one struct with a private code, so new cases never break callers.
///
/// Messages never contain a password (URLs are printed through `RedisURL.description`).
public struct RedisError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: Sendable, Equatable {
        case configuration, connection, timeout, server, protocolViolation, closed
    }
    private let code: Code
    /// What went wrong, for logs and operators.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A bad `REDIS_URL`, sentinel list or option.
    public static func configuration(_ m: String) -> RedisError { .init(.configuration, m) }
    /// Could not connect, or the connection broke (the command may or may not have run).
    public static func connection(_ m: String) -> RedisError { .init(.connection, m) }
    /// The server did not answer in time (the connection is dropped and re-made).
    public static func timeout(_ m: String) -> RedisError { .init(.timeout, m) }
    /// The server answered with an error reply (`-ERR ...`, `-NOSCRIPT ...`, `-READONLY ...`).
    public static func server(_ m: String) -> RedisError { .init(.server, m) }
    /// A reply of a shape the caller did not expect.
    public static func unexpectedReply(_ m: String) -> RedisError { .init(.protocolViolation, m) }
    /// The client was closed.
    public static let closed = RedisError(.closed, "the Redis client is closed")

    /// True when the command may succeed if tried again after a reconnect.
    public var isConnectionProblem: Bool { code == .connection || code == .timeout || code == .closed || isReadOnlyReplica }
    /// True for `-NOSCRIPT`: the server lost its script cache (restart or `SCRIPT FLUSH`).
    public var isNoScript: Bool { code == .server && message.hasPrefix("NOSCRIPT") }
    /// True for `-READONLY`: we are talking to a replica, typically right after a Sentinel failover.
    public var isReadOnlyReplica: Bool { code == .server && message.hasPrefix("READONLY") }

    public var description: String { "Redis: \(message)" }
}
