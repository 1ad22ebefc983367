/**
 * @internal Lua functions prepended to every script that changes a run's state, so the run-list
 * indexes change in the same script as the run record (a run is never in two status sets).
 *
 * Index keys (all `<idx>:…`, where `<idx>` is `<prefix>:<queue>:awaitly:idx`, so they share the
 * queue's hash tag): `:s:<status>` and `:all` (score: when the run entered its status), `:e:<error
 * type>` (failed runs), `:p:<parked on>` (parked runs). Members are job ids (`r_<run id>`).
 * Record fields: `st` status, `ua` when it entered it, `ca` created, `sa` first started, `fa`
 * finished, `et` error type, `po` parked on, `pm` park details (JSON).
 *
 * `set_state(record, idx, member, state, now, ttl, errType, parkedOn)`: moves the run's index
 * entries; for a finished run, trims index entries older than its retention (`ttl` seconds).
 * `outcome_state(text)`: the status and error type a stored outcome means.
 */
export const RUN_INDEX_LIB = `local function outcome_state(text)
  local okd, v = pcall(cjson.decode, text)
  if not okd or type(v) ~= "table" then return "failed", "" end
  if v.ok == true then return "completed", "" end
  local e, t = v.error, ""
  if type(e) == "table" then
    if type(e.type) == "string" then t = e.type
    elseif type(e.error) == "table" then
      local f = e.error.fields
      if type(f) == "table" and type(f.type) == "string" then t = f.type
      elseif type(e.error.name) == "string" then t = e.error.name end
    end
  end
  if t == "RUN_CANCELLED" then return "cancelled", "" end
  return "failed", t
end
local function set_state(record, idx, member, state, now, ttl, errType, parkedOn)
  local cur = redis.call("HMGET", record, "st", "et", "po")
  if cur[1] then redis.call("ZREM", idx .. ":s:" .. cur[1], member) end
  if cur[2] then redis.call("ZREM", idx .. ":e:" .. cur[2], member) end
  if cur[3] then redis.call("ZREM", idx .. ":p:" .. cur[3], member) end
  redis.call("HSET", record, "st", state, "ua", now)
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
