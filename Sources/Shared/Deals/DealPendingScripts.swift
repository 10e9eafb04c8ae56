/// The Lua scripts behind `DealPendingStore`: staging a record and settling uploaded or refused ones are each
/// one atomic step, so a job staging a deal's next record and an upload run removing the records it sent can
/// never lose each other's writes.
enum DealPendingScripts {
    /// Stages one record: replaces the deal's last waiting record when it is still `expected` (a later state of
    /// the same stage), else appends it; adds the deal to the tenant's index, keeping its first staging time.
    /// KEYS: index, list. ARGV: taskId, entry, expected ('' = append), nowMillis. Returns 1 when it replaced.
    static let stage = RedisScript(name: "dealStage", source: """
        local replaced = 0
        if ARGV[3] ~= '' and redis.call('LINDEX', KEYS[2], -1) == ARGV[3] then
          redis.call('LSET', KEYS[2], -1, ARGV[2])
          replaced = 1
        else
          redis.call('RPUSH', KEYS[2], ARGV[2])
        end
        redis.call('ZADD', KEYS[1], 'NX', ARGV[4], ARGV[1])
        return replaced
        """)

    /// Compare-and-delete: for each deal, removes the longest prefix of its list that equals the records a run
    /// sent (a record staged or replaced meanwhile stays), and in accept mode sets the deal's upload state to the
    /// state of the last record removed; a deal whose list is empty leaves the index.
    /// KEYS: index, then per deal its list and its upload-state key.
    /// ARGV: retentionMillis, accept ('1' or '0'), then per deal: taskId, n, the n entries, and in accept mode
    /// the n states. Returns how many records were removed.
    static let settle = RedisScript(name: "dealSettle", source: """
        local accept = ARGV[2] == '1'
        local pos = 3
        local removed = 0
        for d = 0, (#KEYS - 1) / 2 - 1 do
          local list, state = KEYS[2 + 2 * d], KEYS[3 + 2 * d]
          local member = ARGV[pos]
          local n = tonumber(ARGV[pos + 1])
          local first = pos + 2
          local k = 0
          if n > 0 then
            local current = redis.call('LRANGE', list, 0, n - 1)
            while k < n and current[k + 1] == ARGV[first + k] do k = k + 1 end
          end
          if k > 0 then
            redis.call('LTRIM', list, k, -1)
            removed = removed + k
            if accept then redis.call('SET', state, ARGV[first + n + k - 1], 'PX', ARGV[1]) end
          end
          if redis.call('LLEN', list) == 0 then redis.call('ZREM', KEYS[1], member) end
          pos = first + n
          if accept then pos = pos + n end
        end
        return removed
        """)
}
