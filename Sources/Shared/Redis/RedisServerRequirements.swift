/// What the fleet needs from its Redis, checked by every process at start-up.
///
/// Redis ≥ 6.2 is required (`BLMOVE`, `ZRANGE ... BYSCORE`): an older server is a start-up error. The settings
/// that keep acknowledged jobs safe are warned about, not enforced, since managed services may hide them:
/// `appendonly yes` (a restart must not lose acknowledged jobs) and `maxmemory-policy noeviction` (Redis must
/// refuse writes when full rather than silently evict queued jobs).
public enum RedisServerRequirements {
    public static let minimumVersion = [6, 2]

    /// - Returns: warnings for production settings that are off.
    /// - Throws: `RedisError.configuration` when the server is too old.
    public static func check(_ redis: RedisClient) async throws -> [String] {
        let info = try await redis.send(RedisCommand("INFO", "server")).string ?? ""
        let version = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("redis_version:") }
            .map { String($0.dropFirst("redis_version:".count)) } ?? "0"
        let parts = version.split(separator: ".").compactMap { Int($0) }
        if parts.lexicographicallyPrecedes(minimumVersion) {
            throw RedisError.configuration("Redis \(version) is too old: the fleet needs \(minimumVersion.map(String.init).joined(separator: ".")) or newer")
        }
        var warnings: [String] = []
        for (name, wanted) in [("appendonly", "yes"), ("maxmemory-policy", "noeviction")] {
            guard let reply = try? await redis.send(RedisCommand("CONFIG", "GET", name)), let pair = reply.array, pair.count == 2 else {
                warnings.append("cannot read \(name) (CONFIG GET refused); make sure it is \(wanted)")
                continue
            }
            if pair[1].string != wanted {
                warnings.append("\(name) is \(pair[1].string ?? "?"), production needs \(wanted)")
            }
        }
        return warnings
    }
}
