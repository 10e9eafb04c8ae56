/// Which Planfix contact a UIS visitor, person or messenger username is, as the fleet learnt it when it created or
/// matched the contact (`TenantKeys.contactLink`, kept a year). Repeat chats from messengers carry no phone or
/// e-mail Planfix could search, but the same visitor or username: this is how they find their contact.
///
/// How it fails: Redis errors surface (the job retries); a stored value that is not a number is ignored.
public struct ContactLinkStore: Sendable {
    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    /// `telegram:@Ivan` → `telegram:ivan`: usernames compare without `@` and letter case, per channel.
    public static func normalizedUsername(_ username: String, channel: String?) -> String {
        var u = username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        while u.hasPrefix("@") { u.removeFirst() }
        return "\((channel ?? "any").lowercased()):\(u)"
    }

    static func key(_ step: ContactMatchStep, tenant: String) -> String? {
        let keys = TenantKeys(tenant: tenant)
        switch step {
        case let .username(u): return keys.contactLink("username", u)
        case let .visitor(id): return keys.contactLink("visitor", String(id))
        case let .person(id): return keys.contactLink("person", String(id))
        case .phone, .email: return nil
        }
    }

    /// The contact linked to a username, visitor or person step (nil for phone and e-mail steps).
    public func contact(for step: ContactMatchStep, tenant: String) async throws -> Int? {
        guard let key = Self.key(step, tenant: tenant) else { return nil }
        return try await redis.send(RedisCommand("GET", key)).orThrow().string.flatMap { Int($0) }
    }

    /// Links every username, visitor and person step of a communication to `contactId`.
    public func link(_ steps: [ContactMatchStep], to contactId: Int, tenant: String) async throws {
        let commands = steps.compactMap { Self.key($0, tenant: tenant) }.map {
            RedisCommand("SET", $0, String(contactId), "PX", String(ChatsAssumptions.contactLinkRetention.milliseconds))
        }
        guard !commands.isEmpty else { return }
        for reply in try await redis.pipeline(commands) { _ = try reply.orThrow() }
    }
}
