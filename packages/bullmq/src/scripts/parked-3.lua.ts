import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal Notes that a run was parked (its job moved to delayed): counts the wake to come, so a
 * run's `attempt` counts attempts and not park/wake cycles, keeps the record through the park, and
 * answers whether a field that wakes the run arrived while it was still active.
 * The run enters the `parked` status unless its job already left the delayed set (woken at once).
 * KEYS[1] the run record, KEYS[2] the run-list index prefix, KEYS[3] the queue's delayed set.
 * ARGV[1] seconds the record must live at least (0: leave its expiry alone); ARGV[2] the field
 * that wakes the run (a signal's `s:<name>`, or `r` for a resume); ARGV[3] `1` to delete that field
 * when found (a resume flag is consumed), else `0`; ARGV[4] the job id, ARGV[5] now (ms), ARGV[6]
 * what it is parked on (a signal name, `sleep`, `approval`), ARGV[7] the park's details (JSON).
 * Answers 1 when the field is there (the caller promotes the job), else 0.
 */
export const PARKED = `${RUN_INDEX_LIB}redis.call("HINCRBY", KEYS[1], "w", 1)
if redis.call("ZSCORE", KEYS[3], ARGV[4]) then
  set_state(KEYS[1], KEYS[2], ARGV[4], "parked", ARGV[5], 0, "", ARGV[6])
  redis.call("HSET", KEYS[1], "pm", ARGV[7])
end
local ttl = redis.call("TTL", KEYS[1])
local want = tonumber(ARGV[1])
if want > 0 and (ttl == -1 or ttl < want) then redis.call("EXPIRE", KEYS[1], want) end
if redis.call("HEXISTS", KEYS[1], ARGV[2]) == 0 then return 0 end
if ARGV[3] == "1" then redis.call("HDEL", KEYS[1], ARGV[2]) end
return 1`;
