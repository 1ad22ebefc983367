import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal Cancels a run, one compare-and-set with its completion: a run with an outcome (or a
 * finished job) is left alone; an active one (its job locked) gets the cancel flag, which its
 * worker checks before every step and in its outcome write; any other (waiting, delayed, parked)
 * gets the flag and the cancelled outcome at once, which a worker that takes its job finds.
 * KEYS[1] the run record, KEYS[2] its BullMQ job, KEYS[3] the job's lock key, KEYS[4] the run-list
 * index prefix.
 * ARGV[1] the encoded cancelled outcome, ARGV[2] seconds the record lives (0: no expiry), ARGV[3]
 * the job id, ARGV[4] now (ms).
 * Answers { "finished", state or "" }, { "unknown" }, { "active" } or { "stopped" }.
 */
export const CANCEL_RUN = `${RUN_INDEX_LIB}local r = redis.call("HMGET", KEYS[1], "h", "o", "st")
if r[2] then return { "finished", r[3] or "" } end
if redis.call("HEXISTS", KEYS[2], "finishedOn") == 1 then return { "finished", "" } end
if not r[1] and redis.call("EXISTS", KEYS[2]) == 0 then return { "unknown" } end
local ttl = tonumber(ARGV[2])
if redis.call("EXISTS", KEYS[3]) == 1 then
  redis.call("HSET", KEYS[1], "x", "1")
  if ttl > 0 and redis.call("TTL", KEYS[1]) == -1 then redis.call("EXPIRE", KEYS[1], ttl) end
  return { "active" }
end
redis.call("HSET", KEYS[1], "x", "1", "o", ARGV[1])
set_state(KEYS[1], KEYS[4], ARGV[3], "cancelled", ARGV[4], ARGV[2], "", "")
redis.call("HDEL", KEYS[1], "p")
if ttl > 0 then redis.call("EXPIRE", KEYS[1], ttl) end
return { "stopped" }`;
