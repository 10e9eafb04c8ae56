import Synchronization

/// A Lua script run with `EVALSHA`; the SHA is learned from `SCRIPT LOAD` on first use and again after the
/// server answers `NOSCRIPT` (a restart or `SCRIPT FLUSH` empties its cache).
public final class RedisScript: Sendable {
    public let name: String
    public let source: String
    private let knownSHA = Mutex<String?>(nil)

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    var sha: String? { knownSHA.withLock { $0 } }
    func remember(sha: String) { knownSHA.withLock { $0 = sha } }

    func evalsha(sha: String, keys: [String], args: [[UInt8]]) -> RedisCommand {
        var command = RedisCommand(["EVALSHA", sha, String(keys.count)] + keys)
        for a in args { command.append(a) }
        return command
    }
}
