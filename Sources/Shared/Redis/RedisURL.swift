import Foundation

/// Where a Redis server is, parsed from `REDIS_URL`.
///
/// Accepted forms: `redis://[[user]:password@]host[:port][/db]` and `unix:///path/to/socket[?db=N]`.
/// A URL that cannot be parsed is a configuration error reported at start-up, never guessed at.
/// The password is kept out of `description` so a URL can be logged safely.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unix(path: String)
    }

    public var endpoint: Endpoint
    public var username: String?
    public var password: String?
    public var database: Int

    /// Redis's own default port.
    public static let defaultPort = 6379

    public init(endpoint: Endpoint, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses a `redis://` or `unix://` URL.
    /// - Throws: `RedisError` (`.configuration`) naming what is wrong, without echoing the password.
    public init(parsing text: String) throws {
        if text.hasPrefix("unix://") {
            let rest = String(text.dropFirst("unix://".count))
            let parts = rest.split(separator: "?", maxSplits: 1).map(String.init)
            guard let path = parts.first, path.hasPrefix("/") else {
                throw RedisError.configuration("REDIS_URL unix:// needs an absolute socket path")
            }
            var db = 0
            if parts.count == 2 {
                for pair in parts[1].split(separator: "&") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2, kv[0] == "db" {
                        guard let n = Int(kv[1]), n >= 0 else { throw RedisError.configuration("REDIS_URL db must be a number") }
                        db = n
                    }
                }
            }
            self.init(endpoint: .unix(path: path), database: db)
            return
        }
        guard text.hasPrefix("redis://") else {
            throw RedisError.configuration("REDIS_URL must start with redis:// or unix://")
        }
        var rest = Substring(text.dropFirst("redis://".count))
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userinfo.firstIndex(of: ":") {
                let user = String(userinfo[..<colon])
                username = user.isEmpty ? nil : user.removingPercentEncoding ?? user
                let pass = String(userinfo[userinfo.index(after: colon)...])
                password = pass.removingPercentEncoding ?? pass
            } else if !userinfo.isEmpty {
                password = String(userinfo).removingPercentEncoding
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let dbText = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !dbText.isEmpty {
                guard let n = Int(dbText), n >= 0 else { throw RedisError.configuration("REDIS_URL database must be a number") }
                database = n
            }
        }
        var host = String(rest)
        var port = RedisURL.defaultPort
        if host.hasPrefix("[") {  // [::1]:6379
            guard let close = host.firstIndex(of: "]") else { throw RedisError.configuration("REDIS_URL has an unclosed [") }
            let after = host[host.index(after: close)...]
            let inner = String(host[host.index(after: host.startIndex)..<close])
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw RedisError.configuration("REDIS_URL port is invalid") }
                port = p
            }
            host = inner
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else {
                throw RedisError.configuration("REDIS_URL port is invalid")
            }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw RedisError.configuration("REDIS_URL needs a host") }
        self.init(endpoint: .tcp(host: host, port: port), username: username, password: password, database: database)
    }

    /// The URL with the password masked: safe for logs and error messages.
    public var description: String {
        let auth = password == nil ? "" : "\(username ?? ""):***@"
        switch endpoint {
        case let .tcp(host, port):
            let h = host.contains(":") ? "[\(host)]" : host
            return "redis://\(auth)\(h):\(port)/\(database)"
        case let .unix(path):
            return "unix://\(path)?db=\(database)"
        }
    }
}
