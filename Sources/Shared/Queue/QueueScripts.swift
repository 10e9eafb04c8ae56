/// The Lua scripts behind every multi-key queue transition, so each is atomic (never two round trips: a crash
/// between them is exactly how job queues lose or duplicate jobs).
///
/// Conventions: new work is `LPUSH`ed (the back of `ready`), consumers take from the right (the front);
/// "put back at the head" is `RPUSH`. An element that a transition finds missing from the processing list
/// (`LREM` returns 0) was already handled by someone else — a reaper that judged its consumer dead, or a
/// second reaper — and the transition does nothing. That makes every transition safe to repeat.
enum QueueScripts {
    /// Moves up to ARGV[1] elements from the front of `ready` to `processing` in one call (3 commands, any n).
    /// KEYS: ready, processing. Returns the elements, front-most last.
    static let fetchBatch = RedisScript(name: "fetchBatch", source: """
        local items = redis.call('LRANGE', KEYS[1], -tonumber(ARGV[1]), -1)
        if #items == 0 then return items end
        redis.call('LTRIM', KEYS[1], 0, -#items - 1)
        redis.call('LPUSH', KEYS[2], unpack(items))
        return items
        """)

    /// Appends a job to its ordering key's list; the first job of an idle key also puts the key's token in
    /// `ready`. KEYS: ready, ordered, stats. ARGV: envelope, token.
    /// `stats.ordered_pending` counts jobs in ordering lists (they are not in `ready` until their turn).
    static let enqueueOrdered = RedisScript(name: "enqueueOrdered", source: """
        if redis.call('RPUSH', KEYS[2], ARGV[1]) == 1 then redis.call('LPUSH', KEYS[1], ARGV[2]) end
        redis.call('HINCRBY', KEYS[3], 'ordered_pending', 1)
        return 1
        """)

    /// Enqueues jobs unless their deduplication keys are already present, and records the keys, in one step (so an
    /// event is never marked as seen without its job stored, nor stored twice). One call takes every item queued for
    /// the same round trip (`RedisBatchScript`: group commit); items are handled in order, each on its own.
    /// KEYS: ready, stats, then per item: dedup, ordered|ready. ARGV per item: ttlMillis, envelope, token|'', jobId.
    /// Returns one integer per item: 1 when enqueued, 0 for a duplicate. The pushes to `ready` go as one `LPUSH`
    /// at the end (same order as one each), and `ordered_pending` is counted once.
    static let enqueueUnique = RedisScript(name: "enqueueUnique", source: """
        local results, pushes, ordered = {}, {}, 0
        for i = 1, #ARGV / 4 do
          local a, k = (i - 1) * 4, 2 + (i - 1) * 2
          if redis.call('SET', KEYS[k + 1], ARGV[a + 4], 'NX', 'PX', ARGV[a + 1]) then
            if ARGV[a + 3] ~= '' then
              if redis.call('RPUSH', KEYS[k + 2], ARGV[a + 2]) == 1 then pushes[#pushes + 1] = ARGV[a + 3] end
              ordered = ordered + 1
            else
              pushes[#pushes + 1] = ARGV[a + 2]
            end
            results[i] = 1
          else
            results[i] = 0
          end
        end
        if #pushes > 0 then redis.call('LPUSH', KEYS[1], unpack(pushes)) end
        if ordered > 0 then redis.call('HINCRBY', KEYS[2], 'ordered_pending', ordered) end
        return results
        """)

    /// Stores a dead letter that never was a job (a rejected webhook kept for an operator). KEYS: dead, deadIndex.
    /// ARGV: id, letterJSON, nowMillis.
    static let keepDeadLetter = RedisScript(name: "keepDeadLetter", source: """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        return 1
        """)

    /// Removes a processed element and, for an ordering token, pops the finished head job and passes the
    /// token on when more jobs wait. Optionally records a dead letter and counts a statistic.
    /// KEYS: processing, ready, dead, deadIndex, stats, [ordered].
    /// ARGV: element, statField|'', deadId|'', deadLetterJSON, nowMillis.
    static let finish = RedisScript(name: "finish", source: """
        if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
        if ARGV[3] ~= '' then
          redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
          redis.call('ZADD', KEYS[4], ARGV[5], ARGV[3])
        end
        if ARGV[2] ~= '' then redis.call('HINCRBY', KEYS[5], ARGV[2], 1) end
        if KEYS[6] then
          redis.call('LPOP', KEYS[6])
          redis.call('HINCRBY', KEYS[5], 'ordered_pending', -1)
          if redis.call('LLEN', KEYS[6]) > 0 then redis.call('LPUSH', KEYS[2], ARGV[1]) end
        end
        return 1
        """)

    /// Moves a processed element to `delayed` (retry or deferral). For an ordering token the updated head job
    /// is written in place, so later jobs of the key keep waiting behind it.
    /// KEYS: processing, delayed, [ordered]. ARGV: element, scheduled element, dueMillis, [new head].
    static let schedule = RedisScript(name: "schedule", source: """
        if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
        if KEYS[3] then redis.call('LSET', KEYS[3], 0, ARGV[4]) end
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
        return 1
        """)

    /// Puts a held element back at the head of `ready` (graceful stop, or recovery from a dead consumer, with
    /// the delivery count raised). KEYS: processing, ready, [ordered].
    /// ARGV: element, element to push, [expected head, new head].
    static let requeue = RedisScript(name: "requeue", source: """
        if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
        if KEYS[3] and redis.call('LINDEX', KEYS[3], 0) == ARGV[3] then redis.call('LSET', KEYS[3], 0, ARGV[4]) end
        redis.call('RPUSH', KEYS[2], ARGV[2])
        return 1
        """)

    /// Moves due elements of `delayed` to the back of `ready`. Idempotent: safe in every process at once.
    /// KEYS: delayed, ready. ARGV: nowMillis, limit. Returns how many moved.
    static let promote = RedisScript(name: "promote", source: """
        local due = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
        if #due == 0 then return 0 end
        redis.call('ZREM', KEYS[1], unpack(due))
        redis.call('LPUSH', KEYS[2], unpack(due))
        return #due
        """)

    /// Takes a dead letter out and enqueues its job again (through its ordering key when it has one).
    /// KEYS: dead, deadIndex, ready, stats, [ordered]. ARGV: id, envelope, [token].
    static let resurrect = RedisScript(name: "resurrect", source: """
        if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
        redis.call('ZREM', KEYS[2], ARGV[1])
        if KEYS[5] then
          if redis.call('RPUSH', KEYS[5], ARGV[2]) == 1 then redis.call('LPUSH', KEYS[3], ARGV[3]) end
          redis.call('HINCRBY', KEYS[4], 'ordered_pending', 1)
        else
          redis.call('LPUSH', KEYS[3], ARGV[2])
        end
        return 1
        """)
}
