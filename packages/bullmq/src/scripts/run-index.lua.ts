/**
 * @internal Lua functions prepended to every script that changes a run's state (the record's `st`),
 * so the run-list indexes change in the same script as the record: a run is in exactly one status
 * set.
 *
 * Index keys (all `<idx>:…`, where `<idx>` is `<prefix>:<queue>:awaitly:idx`, so they share the
 * queue's hash tag): `:s:<status>` and `:all` (score: when the run entered its status), `:e:<error
 * type>` (failed runs), `:p:<parked on>` (parked runs). Members are job ids (`r_<run id>`). A
 * status is the run list's name of a state: `queued` → `waiting`, `running` → `active`, `ok` →
 * `completed`, `err` and `failed` → `failed`. Record fields besides the state model's: `ua` when
 * the run entered its status, `ca` created, `sa` first started, `fa` finished, `et` error type,
 * `po` parked on, `pm` park details (JSON), `wo` what a waiting run waits on (`concurrency`: a
 * slot of its key; set after `set_state`, which clears it).
 *
 * `set_state(record, idx, member, st, now, ttl, errType, parkedOn)`: sets the record's state and
 * moves its index entries; for a finished run, trims index entries older than its retention
 * (`ttl` seconds). `error_type(text)`: the error type of a stored outcome (`""` when none);
 * `outcome_st(text)`: the terminal state it means.
 */
export const RUN_INDEX_LIB = `local STATUS = { queued = "waiting", running = "active", parked = "parked",
  ok = "completed", err = "failed", failed = "failed", cancelled = "cancelled" }
local INFLIGHT = { waiting = true, active = true, parked = true }
local function error_type(text)
  local okd, v = pcall(cjson.decode, text)
  if not okd or type(v) ~= "table" or v.ok ~= false then return "" end
  local e = v.error
  if type(e) ~= "table" then return "" end
  if e.type == "UNEXPECTED_ERROR" and type(e.cause) == "table" and type(e.cause.thrown) == "table" then
    local t = e.cause.thrown.error
    if type(t) == "table" and type(t.name) == "string" then return t.name end
  end
  if type(e.type) == "string" then return e.type end
  if type(e.error) == "table" then
    local f = e.error.fields
    if type(f) == "table" and type(f.type) == "string" then return f.type end
    if type(e.error.name) == "string" then return e.error.name end
  end
  return ""
end
local function outcome_st(text)
  local okd, v = pcall(cjson.decode, text)
  if not okd or type(v) ~= "table" then return "failed" end
  if v.ok == true then return "ok" end
  local t = error_type(text)
  if t == "RUN_CANCELLED" then return "cancelled" end
  if type(v.error) == "table" and v.error.type == "UNEXPECTED_ERROR" then return "failed" end
  return "err"
end
local function set_state(record, idx, member, st, now, ttl, errType, parkedOn)
  local state = STATUS[st]
  local cur = redis.call("HMGET", record, "st", "et", "po", "vq")
  if cur[1] and STATUS[cur[1]] then redis.call("ZREM", idx .. ":s:" .. STATUS[cur[1]], member) end
  if cur[4] then
    if cur[1] and INFLIGHT[STATUS[cur[1]]] then
      redis.call("ZREM", idx .. ":v:" .. cur[4] .. ":" .. STATUS[cur[1]], member)
    end
    if INFLIGHT[state] then
      redis.call("ZADD", idx .. ":v:" .. cur[4] .. ":" .. state, now, member)
      redis.call("SADD", idx .. ":versions", cur[4])
    end
  end
  if cur[2] then redis.call("ZREM", idx .. ":e:" .. cur[2], member) end
  if cur[3] then redis.call("ZREM", idx .. ":p:" .. cur[3], member) end
  redis.call("HSET", record, "st", st, "ua", now)
  redis.call("HDEL", record, "wo")
  redis.call("HSETNX", record, "ca", now)
  redis.call("ZADD", idx .. ":s:" .. state, now, member)
  redis.call("ZADD", idx .. ":all", now, member)
  if errType ~= "" then
    redis.call("HSET", record, "et", errType)
    redis.call("ZADD", idx .. ":e:" .. errType, now, member)
  else redis.call("HDEL", record, "et") end
  if parkedOn ~= "" then
    redis.call("HSET", record, "po", parkedOn)
    redis.call("ZADD", idx .. ":p:" .. parkedOn, now, member)
  else redis.call("HDEL", record, "po", "pm") end
  if state == "active" then redis.call("HSETNX", record, "sa", now) end
  if state == "completed" or state == "failed" or state == "cancelled" then
    redis.call("HSET", record, "fa", now)
    local ttlN = tonumber(ttl)
    if ttlN > 0 then
      local old = tonumber(now) - ttlN * 1000
      redis.call("ZREMRANGEBYSCORE", idx .. ":s:" .. state, "-inf", old)
      if errType ~= "" then redis.call("ZREMRANGEBYSCORE", idx .. ":e:" .. errType, "-inf", old) end
      local base = string.sub(record, 1, #record - #member)
      local stale = redis.call("ZRANGEBYSCORE", idx .. ":all", "-inf", old, "LIMIT", 0, 50)
      for _, m in ipairs(stale) do
        if redis.call("EXISTS", base .. m) == 0 then redis.call("ZREM", idx .. ":all", m) end
      end
    end
  end
end
`;
