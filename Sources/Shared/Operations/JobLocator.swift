/// Finds a job by id wherever it is (`fleetctl job show`): ready, a processing list, delayed, an ordering list,
/// or the dead letters.
///
/// It scans, so it is an operator's tool, not something to call per request: a substring test on the raw
/// element skips decoding everything that cannot be the job.
public struct JobLocator: Sendable {
    public struct Location: Sendable, Codable {
        public var queue: String
        /// `ready`, `processing` (with the consumer), `delayed` (with due time), `ordered` (waiting behind its key), `dead`.
        public var state: String
        public var detail: String?
        public var job: JobEnvelope?
        public var deadLetter: DeadLetter?
    }

    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    /// - Throws: `QueueError.notFound` when the job is nowhere (it finished, or never existed).
    public func locate(id: String) async throws -> Location {
        let needle = Array("\"id\":\"\(id)\"".utf8)
        for name in try await JobQueue.allNames(redis: redis) {
            let queue = try JobQueue(name: name, redis: redis)
            let keys = queue.keys
            if let letter = try? await queue.deadLetter(id: id) {
                return Location(queue: name, state: "dead", detail: letter.reason, job: letter.job, deadLetter: letter)
            }
            if let job = try await scanList(keys.ready, needle) { return Location(queue: name, state: "ready", job: job) }
            let consumers = (try await redis.send(RedisCommand("SMEMBERS", keys.consumers)).array ?? []).compactMap(\.string)
            for consumer in consumers {
                if let job = try await scanList(keys.processing(consumer), needle) {
                    return Location(queue: name, state: "processing", detail: "held by \(consumer)", job: job)
                }
            }
            let delayed = try await redis.send(RedisCommand("ZRANGE", keys.delayed, "0", "-1", "WITHSCORES")).array ?? []
            for pair in stride(from: 0, to: delayed.count - 1, by: 2) {
                if let raw = delayed[pair].bytes, ByteSearch.firstIndex(of: needle, in: raw[...]) != nil, case let .job(job) = QueueElement(raw: raw) {
                    return Location(queue: name, state: "delayed", detail: "due at \(delayed[pair + 1].string ?? "?") ms", job: job)
                }
            }
            var cursor = "0"
            repeat {
                let reply = try await redis.send(RedisCommand("SCAN", cursor, "MATCH", keys.ordered("*"), "COUNT", "500")).array ?? []
                cursor = reply.first?.string ?? "0"
                for key in (reply.count > 1 ? reply[1].array ?? [] : []).compactMap(\.string) {
                    if let job = try await scanList(key, needle) {
                        return Location(queue: name, state: "ordered", detail: "in \(key)", job: job)
                    }
                }
            } while cursor != "0"
        }
        throw QueueError.notFound("no job with id \(id) in any queue (finished jobs are not kept)")
    }

    private func scanList(_ key: String, _ needle: [UInt8]) async throws -> JobEnvelope? {
        let page = 1000
        var start = 0
        while true {
            let items = try await redis.send(RedisCommand("LRANGE", key, String(start), String(start + page - 1))).array ?? []
            for raw in items.compactMap(\.bytes) where ByteSearch.firstIndex(of: needle, in: raw[...]) != nil {
                if case let .job(job) = QueueElement(raw: raw) { return job }
            }
            if items.count < page { return nil }
            start += page
        }
    }
}
