/// Upkeep that every worker process runs, safely at once: the promoter, heartbeats, and the reaper.
extension JobQueue {
    /// Moves due retries and deferrals to `ready`. - Returns: how many moved (at most `limit`).
    @discardableResult
    public func promoteDue(now: Int64 = WallClock.epochMillis(), limit: Int = 1000) async throws -> Int {
        try await redis.run(QueueScripts.promote, keys: [keys.delayed, keys.ready], args: [String(now), String(limit)]).int ?? 0
    }

    /// Marks `consumer` alive for `ttl` and lists it, so a reaper can find its processing list if it dies.
    public func heartbeat(consumer: String, ttl: Duration, info: String) async throws {
        for reply in try await redis.pipeline([
            RedisCommand("SET", keys.heartbeat(consumer), info, "PX", String(ttl.milliseconds)),
            RedisCommand("SADD", keys.consumers, consumer),
        ]) { try reply.orThrow() }
    }

    /// Removes `consumer` from the registry after a clean stop (its processing list must be empty by then).
    public func signOff(consumer: String) async throws {
        let replies = try await redis.pipeline([
            RedisCommand("LLEN", keys.processing(consumer)),
            RedisCommand("DEL", keys.heartbeat(consumer)),
        ])
        if try replies[0].orThrow().int == 0 { try await redis.send(RedisCommand("SREM", keys.consumers, consumer)) }
    }

    /// What one reaper pass did.
    public struct ReapResult: Sendable, Equatable {
        public var deadConsumers = 0
        public var requeued = 0
        public var poisoned = 0
        public var unreadable = 0
    }

    /// Returns the jobs of consumers whose heartbeat expired to the head of `ready`, counting a delivery on
    /// each; a job delivered `maxDeliveries` times without an outcome is a poison message and goes to the dead
    /// letters instead. Safe to run in many processes at once: each element moves only once (`LREM` decides).
    public func reapDeadConsumers(except me: String, maxDeliveries: Int) async throws -> ReapResult {
        var result = ReapResult()
        let members = (try await redis.send(RedisCommand("SMEMBERS", keys.consumers)).array ?? []).compactMap(\.string).filter { $0 != me }
        if members.isEmpty { return result }
        let alive = try await redis.pipeline(members.map { RedisCommand("EXISTS", keys.heartbeat($0)) })
        for (consumer, reply) in zip(members, alive) where try reply.orThrow().int == 0 {
            result.deadConsumers += 1
            let held = (try await redis.send(RedisCommand("LRANGE", keys.processing(consumer), "0", "-1")).array ?? []).compactMap(\.bytes)
            // LRANGE lists the newest first; pushing each to the head of `ready` in that order leaves the
            // oldest at the very front, as they were fetched.
            for element in held {
                try await recover(element, from: consumer, maxDeliveries: maxDeliveries, result: &result)
            }
            if try await redis.send(RedisCommand("LLEN", keys.processing(consumer))).int == 0 {
                try await redis.send(RedisCommand("SREM", keys.consumers, consumer))
            }
        }
        return result
    }

    private func recover(_ element: [UInt8], from consumer: String, maxDeliveries: Int, result: inout ReapResult) async throws {
        let processing = keys.processing(consumer)
        let held: HeldElement
        switch try await resolve(element) {
        case let .failure(error):
            if try await disposeUnreadable(element: element, consumer: consumer, reason: error.message) { result.unreadable += 1 }
            return
        case let .success(h):
            held = h
        }
        var job = held.job
        job.deliveries += 1
        job.errors.append(JobErrorRecord(at: WallClock.epochMillis(), class: "crashed",
                                         message: "consumer \(consumer) stopped heartbeating while holding the job"))
        if job.deliveries >= maxDeliveries {
            let letter = DeadLetter(job: job, queue: name, errorClass: "poison",
                                    reason: "delivered \(job.deliveries) times to consumers that died before finishing it")
            if try await finish(element: element, consumer: consumer, orderingKey: held.orderingKey, stat: "poison", deadLetter: letter) {
                result.poisoned += 1
            }
            return
        }
        let newRaw = try job.encoded()
        let moved: Bool
        if let key = held.orderingKey, let head = held.headRaw {
            moved = try await redis.run(QueueScripts.requeue, keys: [processing, keys.ready, keys.ordered(key)],
                                        args: [element, element, head, newRaw]).int == 1
        } else {
            moved = try await redis.run(QueueScripts.requeue, keys: [processing, keys.ready], args: [element, newRaw]).int == 1
        }
        if moved { result.requeued += 1 }
    }
}
