/// Lua scripts for per-tenant remote-API state. Time comes from the Redis server (`TIME`), so processes on hosts
/// with skewed clocks still share one schedule.
enum RemoteScripts {
    /// GCRA with reservations. Each call takes the next slot of the tenant's schedule: granted now when the slot
    /// is within the burst tolerance; when it is later but within `inlineMax`, granted after a short wait the
    /// caller sleeps; otherwise the slot is reserved for `holder` (a job id) and the caller defers the job until
    /// then, so that each deferred job comes back to its own slot instead of all of them stampeding at once.
    /// A holder coming back to its reservation sleeps to the slot exactly (it is asked to come back a little
    /// early); one that missed its slot (came back late) gets a fresh slot instead, so a late job can never land
    /// right before the next slot's holder. The daily counter is checked first; over the cap, nothing is reserved.
    /// `notBeforeMs` (0: none) holds every new slot back to that time: what a process asks for right after it
    /// (re)connected to Redis, whose schedule may have lost its last writes (see `RateLimiter`).
    /// KEYS: tat, reservations, dayCounter. ARGV: holder, intervalMs, toleranceMs, inlineMaxMs, perDay, graceMs, notBeforeMs.
    /// Returns {status, waitMs, slotMs}: status 1 = go after waitMs (0 = now), 2 = defer for waitMs (slot
    /// reserved), 3 = daily cap reached (waitMs until the next UTC day); slotMs is the slot's server time.
    static let reserve = RedisScript(name: "reserve", source: """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local interval = tonumber(ARGV[2])
        local tolerance = tonumber(ARGV[3])
        local held = redis.call('HGET', KEYS[2], ARGV[1])
        if held then
          held = tonumber(held)
          if held + tonumber(ARGV[6]) >= now then
            local early = held - now
            if early < 0 then early = 0 end
            if early <= tonumber(ARGV[4]) then
              redis.call('HDEL', KEYS[2], ARGV[1])
              return {1, early, held}
            end
            return {2, early, held}
          end
          redis.call('HDEL', KEYS[2], ARGV[1])
        end
        local perDay = tonumber(ARGV[5])
        if perDay > 0 then
          local used = tonumber(redis.call('GET', KEYS[3]) or '0')
          if used >= perDay then
            return {3, 86400000 - (now % 86400000), 0}
          end
        end
        local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tat < now then tat = now end
        local notBefore = tonumber(ARGV[7] or '0')
        if tat < notBefore then tat = notBefore end
        local slot = tat - tolerance
        if slot < now then slot = now end
        redis.call('SET', KEYS[1], tat + interval, 'PX', tat + interval - now + 60000)
        if perDay > 0 then
          redis.call('INCR', KEYS[3])
          redis.call('PEXPIRE', KEYS[3], 172800000)
        end
        local wait = slot - now
        if wait <= tonumber(ARGV[4]) then return {1, wait, slot} end
        redis.call('HSET', KEYS[2], ARGV[1], slot)
        redis.call('PEXPIRE', KEYS[2], wait + 3600000)
        return {2, wait, slot}
        """)

    /// A granted slot whose call goes out late (a loaded machine): when nobody has taken a slot after it yet (the
    /// schedule still ends one interval after it), the schedule is pushed back by the lateness so the next request
    /// keeps its distance, and the caller may go; otherwise (0) the caller must take a fresh slot.
    /// KEYS: tat. ARGV: slotMs, intervalMs, lateMs. Returns 1 (go) or 0 (take another slot).
    static let excuseLateness = RedisScript(name: "excuseLateness", source: """
        local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
        local expected = tonumber(ARGV[1]) + tonumber(ARGV[2])
        if tat ~= expected then return 0 end
        local pushed = expected + tonumber(ARGV[3])
        redis.call('SET', KEYS[1], pushed, 'PXAT', pushed + 60000)
        return 1
        """)

    /// Circuit breaker gate. KEYS: breaker. ARGV: probeTimeoutMs.
    /// Returns {allowed(1/0), waitMs, state}: closed → allowed; open → refused until `openUntil`, then one caller
    /// becomes the probe (half-open); while a probe is out, everyone else waits.
    static let breakerGate = RedisScript(name: "breakerGate", source: """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state or state == 'closed' then return {1, 0, 'closed'} end
        local openUntil = tonumber(redis.call('HGET', KEYS[1], 'openUntil') or '0')
        if now < openUntil then return {0, openUntil - now, state} end
        redis.call('HSET', KEYS[1], 'state', 'half-open', 'openUntil', now + tonumber(ARGV[1]))
        return {1, 0, 'half-open'}
        """)

    /// Records a call's result. KEYS: breaker. ARGV: success(1/0), threshold, baseCooldownMs, maxCooldownMs.
    /// Returns the state after it. Consecutive transient failures reaching `threshold` open the breaker; a failed
    /// probe re-opens it with the cooldown doubled (up to the max); any success closes it.
    static let breakerRecord = RedisScript(name: "breakerRecord", source: """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
        if ARGV[1] == '1' then
          if state ~= 'closed' or redis.call('HGET', KEYS[1], 'failures') then redis.call('DEL', KEYS[1]) end
          return 'closed'
        end
        local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
        if state == 'half-open' or (state == 'closed' and failures >= tonumber(ARGV[2])) then
          local cooldown = tonumber(redis.call('HGET', KEYS[1], 'cooldown') or '0')
          if state == 'half-open' and cooldown > 0 then cooldown = math.min(cooldown * 2, tonumber(ARGV[4]))
          else cooldown = tonumber(ARGV[3]) end
          redis.call('HSET', KEYS[1], 'state', 'open', 'openUntil', now + cooldown, 'cooldown', cooldown, 'openedAt', now)
          return 'open'
        end
        return state
        """)

    /// `EffectClaim.takeOver`: replaces the claim only if it still holds what the caller saw (the dead run's value).
    /// KEYS: claim. ARGV: expected, new value, ttlMs. Returns 1 when the claim is the caller's now.
    static let effectClaimTakeOver = RedisScript(name: "effectClaimTakeOver", source: """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """)

    /// `EffectClaim.confirm`: renews the claim if it holds the caller's value and then, when ARGV[3] is '1', writes
    /// the intent (the call about to be sent may create the entity). KEYS: claim, intent. ARGV: value, ttlMs,
    /// writeIntent, intent value, intent ttlMs. Returns 1 when the claim is still the caller's.
    static let effectClaimConfirm = RedisScript(name: "effectClaimConfirm", source: """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          if ARGV[3] == '1' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5]) end
          return 1
        end
        return 0
        """)

    /// `EffectClaim.release`: deletes the claim if it holds the caller's value, and then sets the intent to ARGV[2]
    /// when that is not empty. KEYS: claim, intent. ARGV: value, intent value or '', intent ttlMs. Returns 1 when
    /// the claim was the caller's.
    static let effectClaimRelease = RedisScript(name: "effectClaimRelease", source: """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
          return 1
        end
        return 0
        """)
}
