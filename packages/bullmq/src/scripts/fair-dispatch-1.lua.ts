/**
 * @internal Takes the next runs whose concurrency key has a free slot, one per key per round of
 * the ring (round-robin), and marks each slot taken (in the key's active set, scored with now).
 * A key's next run starts while the key has fewer active runs than that run's limit (its record's
 * `l`: the `concurrencyPerKey` of the queue that enqueued it; the queue's `limit` key, else 1, for
 * runs enqueued before runs carried it). Before counting a key's slots it frees those of runs that ended (job finished, or gone with an
 * outcome in the record) and hands back runs taken more than the grace period ago whose job was
 * never added, or is still gated (delayed) without its holder parked: their dispatcher died.
 * Cancelled runs (an outcome in the record) still waiting are dropped; a run taken no longer
 * waits on `concurrency` (its record's `wo`).
 * KEYS[1] the ring.
 * ARGV[1] the fair base key; ARGV[2] the queue's base key (BullMQ's `prefix:name`; a run whose
 * record names a version `v` has its job under `prefix:name@v`); ARGV[3] now
 * (ms); ARGV[4] the grace period (ms); ARGV[5] at most this many runs.
 * Answers the job ids taken, each followed by its concurrency key.
 */
export const FAIR_DISPATCH = `local fair, qb = ARGV[1], ARGV[2]
local now, grace, max = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local legacy = tonumber(redis.call("GET", fair .. ":limit") or "1")
local out = {}
local function record(jobId) return qb .. ":awaitly:run:" .. jobId end
local function limit_of(jobId) return tonumber(redis.call("HGET", record(jobId), "l") or legacy) end
local function jobBase(jobId)
  local v = redis.call("HGET", record(jobId), "vq")
  if v then return qb .. "@" .. v end
  return qb
end
local function reclaim(key)
  local active = fair .. ":active:" .. key
  local members = redis.call("ZRANGE", active, 0, -1, "WITHSCORES")
  for i = 1, #members, 2 do
    local jobId, at = members[i], tonumber(members[i + 1])
    local jb = jobBase(jobId)
    local job = jb .. ":" .. jobId
    if redis.call("HEXISTS", job, "finishedOn") == 1 then
      redis.call("ZREM", active, jobId)
    elseif redis.call("EXISTS", job) == 0 then
      if redis.call("HEXISTS", record(jobId), "o") == 1 then
        redis.call("ZREM", active, jobId)
      elseif now - at > grace then
        redis.call("ZREM", active, jobId)
        redis.call("LPUSH", fair .. ":wait:" .. key, jobId)
      end
    elseif now - at > grace and redis.call("ZSCORE", jb .. ":delayed", jobId) then
      redis.call("ZREM", active, jobId)
      redis.call("LPUSH", fair .. ":wait:" .. key, jobId)
    end
  end
  return redis.call("ZCARD", active)
end
local function drop(key)
  redis.call("LREM", KEYS[1], 0, key)
  redis.call("SREM", fair .. ":keyset", key)
end
local progress = true
while progress and #out < 2 * max do
  progress = false
  local n = redis.call("LLEN", KEYS[1])
  for _ = 1, n do
    if #out >= 2 * max then break end
    local key = redis.call("RPOPLPUSH", KEYS[1], KEYS[1])
    local wait = fair .. ":wait:" .. key
    local busy = reclaim(key)
    local jobId = redis.call("LINDEX", wait, 0)
    while jobId and redis.call("HEXISTS", record(jobId), "o") == 1 do
      redis.call("LPOP", wait)
      jobId = redis.call("LINDEX", wait, 0)
    end
    if jobId and busy < limit_of(jobId) then
      redis.call("LPOP", wait)
      redis.call("ZADD", fair .. ":active:" .. key, now, jobId)
      redis.call("HDEL", record(jobId), "wo")
      out[#out + 1] = jobId
      out[#out + 1] = key
      progress = true
    end
    if redis.call("LLEN", wait) == 0 then drop(key) end
  end
end
return out`;
