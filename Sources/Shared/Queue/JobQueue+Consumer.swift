/// The consumer side: fetch into a per-consumer processing list, then exactly one of ack, schedule (retry or
/// deferral), finish-as-dead, drop-as-expired or requeue. Every transition is one Lua script or one command and
/// does nothing when the element is no longer in this consumer's processing list.
extension JobQueue {
    /// Blocking time of one `BLMOVE`: short, so a stopping fetcher notices within a second or two.
    public static let blockingFetchSeconds = 1

    /// Moves up to `max` elements into `consumer`'s processing list without blocking; front-most first.
    /// Runs on the fetcher's own thread and connection.
    public func fetchBatch(connection: RedisConnection, consumer: String, max: Int) throws -> [[UInt8]] {
        let reply = try connection.run(QueueScripts.fetchBatch, keys: [keys.ready, keys.processing(consumer)],
                                       args: [Array(String(max).utf8)])
        return (reply.array ?? []).compactMap(\.bytes).reversed()
    }

    /// Waits up to `blockingFetchSeconds` for one element (`BLMOVE ready processing RIGHT LEFT`).
    /// Blocks the calling OS thread: never call it from Swift's cooperative pool.
    public func blockingFetch(connection: RedisConnection, consumer: String) throws -> [UInt8]? {
        let reply = try connection.command(RedisCommand(["BLMOVE", keys.ready, keys.processing(consumer), "RIGHT", "LEFT",
                                                        String(Self.blockingFetchSeconds)])).orThrow()
        return reply.bytes
    }

    /// Resolves a fetched element: the job itself, or for a token the head job of its ordering list.
    public func resolve(_ element: [UInt8]) async throws -> Result<HeldElement, QueueError> {
        switch QueueElement(raw: element) {
        case let .job(job):
            return .success(HeldElement(element: element, job: job, headRaw: nil))
        case let .unreadable(reason):
            return .failure(.undecodable(reason))
        case let .token(key):
            guard let head = try await redis.send(RedisCommand("LINDEX", keys.ordered(key), "0")).bytes else {
                return .failure(.undecodable("ordering token for \(key) but its list is empty"))
            }
            switch QueueElement(raw: head) {
            case var .job(job):
                job.orderingKey = key
                return .success(HeldElement(element: element, job: job, headRaw: head))
            case .token, .unreadable:
                return .failure(.undecodable("the head of ordering list \(key) is not a job"))
            }
        }
    }

    /// The job is done: remove it (and for an ordered job, let the next one of its key go).
    public func ack(_ held: HeldElement, consumer: String) async throws {
        if let key = held.orderingKey {
            try await finish(element: held.element, consumer: consumer, orderingKey: key, stat: nil, deadLetter: nil)
        } else {
            try await redis.send(RedisCommand([Array("LREM".utf8), Array(keys.processing(consumer).utf8), Array("1".utf8), held.element]))
        }
    }

    /// Puts the updated job into `delayed`, due at `dueMillis` (a retry or a deferral).
    /// - Returns: false when the element was no longer held (someone else handled it).
    @discardableResult
    public func schedule(_ held: HeldElement, updated: JobEnvelope, dueMillis: Int64, consumer: String) async throws -> Bool {
        let newRaw = try updated.encoded()
        var keyList = [keys.processing(consumer), keys.delayed]
        var args = [held.element, held.headRaw == nil ? newRaw : held.element, Array(String(dueMillis).utf8)]
        if let key = held.orderingKey {
            keyList.append(keys.ordered(key))
            args.append(newRaw)
        }
        return try await redis.run(QueueScripts.schedule, keys: keyList, args: args).int == 1
    }

    /// Removes a held element, recording it as a dead letter and/or counting a statistic
    /// (`dead`, `poison`, `expired`, `undecodable`).
    @discardableResult
    public func finish(element: [UInt8], consumer: String, orderingKey: String?, stat: String?,
                       deadLetter: DeadLetter?) async throws -> Bool {
        var keyList = [keys.processing(consumer), keys.ready, keys.dead, keys.deadIndex, keys.stats]
        if let orderingKey { keyList.append(keys.ordered(orderingKey)) }
        let deadJSON = try deadLetter.map { try $0.encoded() } ?? []
        let args: [[UInt8]] = [element, Array((stat ?? "").utf8), Array((deadLetter?.id ?? "").utf8), deadJSON,
                               Array(String(deadLetter?.diedAt ?? 0).utf8)]
        return try await redis.run(QueueScripts.finish, keys: keyList, args: args).int == 1
    }

    /// Puts a held element back at the head of `ready` (graceful stop). The job runs again, unchanged.
    @discardableResult
    public func requeue(element: [UInt8], consumer: String) async throws -> Bool {
        try await redis.run(QueueScripts.requeue, keys: [keys.processing(consumer), keys.ready], args: [element, element]).int == 1
    }

    /// Sends an element that is not a runnable job to the dead letters with its bytes kept. For an ordering
    /// token whose head job is unreadable, the head is dead-lettered and the token passes to the next job.
    @discardableResult
    public func disposeUnreadable(element: [UInt8], consumer: String, reason: String) async throws -> Bool {
        guard case let .token(key) = QueueElement(raw: element) else {
            let letter = DeadLetter(unreadable: element, queue: name, reason: reason)
            return try await finish(element: element, consumer: consumer, orderingKey: nil, stat: "undecodable", deadLetter: letter)
        }
        guard let head = try await redis.send(RedisCommand("LINDEX", keys.ordered(key), "0")).bytes else {
            return try await finish(element: element, consumer: consumer, orderingKey: nil, stat: "undecodable", deadLetter: nil)
        }
        let letter = DeadLetter(unreadable: head, queue: name, reason: reason)
        return try await finish(element: element, consumer: consumer, orderingKey: key, stat: "undecodable", deadLetter: letter)
    }
}
