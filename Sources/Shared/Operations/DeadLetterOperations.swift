import Foundation

/// The dead-letter operations behind `fleetctl dlq ...` and the ingest's admin API (one implementation for both).
///
/// Retry goes through the normal enqueue path, at an optional bounded rate, so draining 50,000 dead jobs does not
/// flood a queue whose remote API takes one request per second; the jobs then meet the same rate budgets and
/// breakers as live traffic.
public struct DeadLetterOperations: Sendable {
    public let redis: RedisClient

    public init(redis: RedisClient) { self.redis = redis }

    /// What a bulk operation did.
    public struct Report: Sendable, Codable, Equatable {
        public var matched = 0
        public var done = 0
        /// Already gone when we got to them (retried or purged concurrently).
        public var missing = 0
        /// Letters that cannot be retried (no decodable job), with the reason.
        public var refused: [String] = []
    }

    /// The queues to look in: the one named, or every known queue.
    public func queues(_ name: String?) async throws -> [JobQueue] {
        if let name {
            return [try JobQueue(name: name, redis: redis)]
        }
        return try await JobQueue.allNames(redis: redis).map { try JobQueue(name: $0, redis: redis) }
    }

    public func list(queue: String?, filter: DeadLetterFilter, limit: Int) async throws -> [DeadLetter] {
        var found: [DeadLetter] = []
        for q in try await queues(queue) where found.count < limit {
            found += try await q.deadLetters(matching: filter, limit: limit - found.count)
        }
        return found.sorted { $0.diedAt < $1.diedAt }
    }

    /// - Throws: `QueueError.notFound` when no queue has a dead letter with that id.
    public func find(id: String, queue: String?) async throws -> DeadLetter {
        for q in try await queues(queue) {
            if let letter = try? await q.deadLetter(id: id) { return letter }
        }
        throw QueueError.notFound("no dead letter with id \(id)" + (queue.map { " in queue \($0)" } ?? ""))
    }

    /// Re-enqueues matching dead letters, at most `perSecond` a second when given.
    /// - Parameter progress: called after each letter with (handled, total).
    public func retry(queue: String?, filter: DeadLetterFilter, perSecond: Double?,
                      progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Report {
        let letters = try await list(queue: queue, filter: filter, limit: .max)
        var report = Report(matched: letters.count)
        let interval = perSecond.map { Duration.milliseconds(Int64(1000 / max($0, 0.001))) }
        let start = ContinuousClock.now
        for (i, letter) in letters.enumerated() {
            if let interval {  // evenly spaced: the i-th retry not before start + i * interval
                let due = start + interval * i
                if ContinuousClock.now < due { try await Task.sleep(until: due, clock: .continuous) }
            }
            do {
                let q = try JobQueue(name: letter.queue, redis: redis)
                if try await q.retryDeadLetter(letter) { report.done += 1 } else { report.missing += 1 }
            } catch let error as QueueError where !error.isNotFound {
                report.refused.append("\(letter.id): \(error.message)")
            }
            progress(i + 1, letters.count)
        }
        return report
    }

    /// Deletes matching dead letters.
    public func purge(queue: String?, filter: DeadLetterFilter) async throws -> Report {
        let letters = try await list(queue: queue, filter: filter, limit: .max)
        var report = Report(matched: letters.count)
        for (name, group) in Dictionary(grouping: letters, by: \.queue) {
            let deleted = try await JobQueue(name: name, redis: redis).purgeDeadLetters(ids: group.map(\.id))
            report.done += deleted
            report.missing += group.count - deleted
        }
        return report
    }

    /// Writes matching dead letters as JSON lines (secrets redacted) to `path`. - Returns: how many.
    public func export(queue: String?, filter: DeadLetterFilter, to path: String) async throws -> Int {
        let letters = try await list(queue: queue, filter: filter, limit: .max)
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw QueueError.invalid("cannot write \(path)")
        }
        defer { try? handle.close() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for letter in letters {
            let line = SecretRedactor.shared.redact(String(decoding: try encoder.encode(letter), as: UTF8.self))
            try handle.write(contentsOf: Data((line + "\n").utf8))
        }
        return letters.count
    }
}
