import Foundation

/// Operator access to the dead letters: list, show, retry (one, filtered, all, at a bounded rate), purge.
extension JobQueue {
    /// How many ids are read per round trip when scanning the dead letters.
    static let deadLetterPage = 500

    /// Dead letters matching `filter`, oldest first, at most `limit`. Unparseable entries are reported, not hidden.
    public func deadLetters(matching filter: DeadLetterFilter = .init(), limit: Int = .max) async throws -> [DeadLetter] {
        var found: [DeadLetter] = []
        try await forEachDeadLetter { letter in
            if filter.matches(letter) { found.append(letter) }
            return found.count < limit
        }
        return found
    }

    public func deadLetterCount() async throws -> Int {
        try await redis.send(RedisCommand("HLEN", keys.dead)).int ?? 0
    }

    /// One dead letter by id.
    /// - Throws: `QueueError.notFound` when there is none.
    public func deadLetter(id: String) async throws -> DeadLetter {
        guard let raw = try await redis.send(RedisCommand("HGET", keys.dead, id)).bytes else {
            throw QueueError.notFound("no dead letter \(id) in queue \(name)")
        }
        return try Self.decodeDeadLetter(raw, id: id, queue: name)
    }

    /// Enqueues a dead letter's job again with a fresh attempt budget (its error history kept).
    /// - Returns: false when the letter was already gone (retried or purged by someone else).
    /// - Throws: `QueueError.invalid` for a letter with no decodable job (it can only be exported and purged).
    @discardableResult
    public func retryDeadLetter(_ letter: DeadLetter) async throws -> Bool {
        guard var job = letter.job else { throw QueueError.invalid("dead letter \(letter.id) holds no decodable job; export and purge it") }
        job.attempts = 0
        job.deliveries = 0
        job.enqueuedAt = WallClock.epochMillis()
        job.deadline = nil
        var keyList = [keys.dead, keys.deadIndex, keys.ready, keys.stats]
        var args = [Array(letter.id.utf8), try job.encoded()]
        if let key = job.orderingKey {
            keyList.append(keys.ordered(key))
            args.append(QueueElement.token(for: key))
        }
        return try await redis.run(QueueScripts.resurrect, keys: keyList, args: args).int == 1
    }

    /// Stores a dead letter that was never a job (see `DeadLetter(rejectedWebhook:...)`).
    public func keep(_ letter: DeadLetter) async throws {
        try await registerIfNeeded()
        try await redis.run(QueueScripts.keepDeadLetter, keys: [keys.dead, keys.deadIndex],
                            args: [Array(letter.id.utf8), try letter.encoded(), Array(String(letter.diedAt).utf8)]).orThrow()
    }

    /// Deletes dead letters for good.
    /// - Returns: how many were deleted.
    @discardableResult
    public func purgeDeadLetters(ids: [String]) async throws -> Int {
        var deleted = 0
        for chunk in stride(from: 0, to: ids.count, by: Self.deadLetterPage).map({ Array(ids[$0..<min($0 + Self.deadLetterPage, ids.count)]) }) {
            let replies = try await redis.pipeline([RedisCommand(["HDEL", keys.dead] + chunk), RedisCommand(["ZREM", keys.deadIndex] + chunk)])
            deleted += try replies[0].orThrow().int ?? 0
            try replies[1].orThrow()
        }
        return deleted
    }

    /// Calls `body` for each dead letter, oldest first, while it returns true.
    func forEachDeadLetter(_ body: (DeadLetter) throws -> Bool) async throws {
        var start = 0
        while true {
            let page = try await redis.send(RedisCommand("ZRANGE", keys.deadIndex, String(start), String(start + Self.deadLetterPage - 1)))
            let ids = (page.array ?? []).compactMap(\.string)
            if ids.isEmpty { return }
            let values = try await redis.send(RedisCommand(["HMGET", keys.dead] + ids)).array ?? []
            for (id, value) in zip(ids, values) {
                guard let raw = value.bytes else { continue }  // purged between the two reads
                if try !body(try Self.decodeDeadLetter(raw, id: id, queue: name)) { return }
            }
            if ids.count < Self.deadLetterPage { return }
            start += Self.deadLetterPage
        }
    }

    /// A stored letter that does not decode (written by a newer version, or edited by hand) is shown as such.
    static func decodeDeadLetter(_ raw: [UInt8], id: String, queue: String) throws -> DeadLetter {
        if let letter = try? JSONDecoder().decode(DeadLetter.self, from: Data(raw)) { return letter }
        var letter = DeadLetter(unreadable: raw, queue: queue, reason: "stored dead letter does not decode")
        letter.id = id
        return letter
    }
}
