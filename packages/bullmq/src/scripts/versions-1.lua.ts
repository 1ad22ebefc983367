/**
 * @internal The versions with runs in flight and how many are waiting, active and parked in each
 * (see `run-index.lua.ts`); a version whose runs all ended is reported once more with zeros and
 * then forgotten, in the same script, so a run enqueued on it meanwhile lists it again.
 * KEYS[1] the run-list index prefix.
 * Answers { version, waiting, active, parked, … }.
 */
export const VERSIONS = `local out = {}
for _, v in ipairs(redis.call("SMEMBERS", KEYS[1] .. ":versions")) do
  local base = KEYS[1] .. ":v:" .. v .. ":"
  local w = redis.call("ZCARD", base .. "waiting")
  local a = redis.call("ZCARD", base .. "active")
  local p = redis.call("ZCARD", base .. "parked")
  if w + a + p == 0 then redis.call("SREM", KEYS[1] .. ":versions", v) end
  out[#out + 1] = v
  out[#out + 1] = w
  out[#out + 1] = a
  out[#out + 1] = p
end
return out`;
