import Foundation
import Synchronization

/// Decides which server a `RedisConnection` talks to: a fixed `REDIS_URL`, or the current master that
/// Redis Sentinel names.
///
/// With Sentinel, the master address is cached until a connection fails or lands on a replica (`ROLE` is
/// checked on every new connection, and `-READONLY` replies count as failures), then the sentinels are asked
/// again, in order, so a failover is followed within one reconnect. How it fails: when no sentinel answers or
/// none knows the master, connecting throws a `.connection` error and the caller's backoff retries later.
public final class RedisEndpointResolver: Sendable {
    private enum Mode: Sendable {
        case direct(RedisURL)
        case sentinel(sentinels: [RedisURL], masterName: String, template: RedisURL)
    }
    private let mode: Mode
    private let cachedMaster = Mutex<RedisURL?>(nil)

    /// Always `url`.
    public init(url: RedisURL) { mode = .direct(url) }

    /// Asks `sentinels` for `masterName`; password and database come from `template`.
    public init(sentinels: [RedisURL], masterName: String, template: RedisURL) {
        mode = .sentinel(sentinels: sentinels, masterName: masterName, template: template)
    }

    /// Reads `REDIS_URL`, and `REDIS_SENTINELS` (`host:port,host:port`) with `REDIS_MASTER_NAME` (default `mymaster`).
    public static func fromEnvironment(_ env: [String: String]) throws -> RedisEndpointResolver {
        let url = try RedisURL(parsing: env["REDIS_URL"] ?? "redis://127.0.0.1:6379/0")
        guard let list = env["REDIS_SENTINELS"], !list.isEmpty else { return RedisEndpointResolver(url: url) }
        let sentinels = try list.split(separator: ",").map { item -> RedisURL in
            var sentinel = try RedisURL(parsing: "redis://" + item.trimmingCharacters(in: .whitespaces))
            sentinel.password = env["REDIS_SENTINEL_PASSWORD"]
            sentinel.database = 0
            return sentinel
        }
        return RedisEndpointResolver(sentinels: sentinels, masterName: env["REDIS_MASTER_NAME"] ?? "mymaster", template: url)
    }

    /// A short description for logs (no password).
    public var description: String {
        switch mode {
        case let .direct(url): return url.description
        case let .sentinel(sentinels, name, _): return "sentinel master \(name) via \(sentinels.map(\.description).joined(separator: ","))"
        }
    }

    /// The server to connect to now.
    public func currentURL() throws -> RedisURL {
        switch mode {
        case let .direct(url):
            return url
        case let .sentinel(sentinels, name, template):
            if let cached = cachedMaster.withLock({ $0 }) { return cached }
            let master = try Self.askSentinels(sentinels, masterName: name, template: template)
            cachedMaster.withLock { $0 = master }
            return master
        }
    }

    /// Forget the cached master (a connection to it failed or it turned out to be a replica).
    public func reportFailure() {
        if case .sentinel = mode { cachedMaster.withLock { $0 = nil } }
    }

    /// In Sentinel mode, refuses a freshly opened connection that is not to a master.
    func verifyRole(run: (RedisCommand) throws -> RedisReply) throws {
        guard case .sentinel = mode else { return }
        let role = try run(["ROLE"]).orThrow()
        guard role.array?.first?.string == "master" else {
            reportFailure()
            throw RedisError.connection("the server Sentinel named is not (or no longer) a master")
        }
    }

    private static func askSentinels(_ sentinels: [RedisURL], masterName: String, template: RedisURL) throws -> RedisURL {
        var problems: [String] = []
        for sentinel in sentinels {
            let connection = RedisConnection(resolver: RedisEndpointResolver(url: sentinel), connectTimeout: .milliseconds(500),
                                             commandTimeout: .milliseconds(500))
            do {
                let reply = try connection.command(RedisCommand("SENTINEL", "get-master-addr-by-name", masterName)).orThrow()
                guard let parts = reply.array, parts.count == 2, let host = parts[0].string, let port = parts[1].int else {
                    problems.append("\(sentinel): does not know master \(masterName)")
                    continue
                }
                var master = template
                master.endpoint = .tcp(host: host, port: port)
                return master
            } catch {
                problems.append("\(sentinel): \(error)")
            }
        }
        throw RedisError.connection("no sentinel named a master: " + problems.joined(separator: "; "))
    }
}
