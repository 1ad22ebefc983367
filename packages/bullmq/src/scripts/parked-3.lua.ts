import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal Notes that a run was parked (its job moved to delayed): counts the wake to come, so a
 * run's `attempt` counts attempts and not park/wake cycles, keeps the record through the park,
 * marks it `parked` (waiting for the signal field, if it waits for one), and answers whether a
 * field that wakes the run arrived while it was still active. A run cancelled meanwhile keeps its
 * terminal state.
 * KEYS[1] the run record, KEYS[2] the run-list index prefix.
 * ARGV[1] seconds the record must live at least (0: leave its expiry alone); ARGV[2] the field
 * that wakes the run (a signal's `s:<name>`, or `r` for a resume); ARGV[3] `1` to delete that field
 * when found (a resume flag is consumed), else `0`; ARGV[4] the job id, ARGV[5] now (ms), ARGV[6]
 * what it is parked on (a signal name, `sleep`, `approval`), ARGV[7] the park's details (JSON),
 * ARGV[8] `1` when the run is held back from starting (no slot of its concurrency key) rather
 * than parked: it is marked `queued` (listed `waiting`) with ARGV[6] as what it waits on (`wo`).
 * Answers 1 when the field is there (the caller promotes the job), else 0.
 */
export const PARKED = `${RUN_INDEX_LIB}redis.call("HINCRBY", KEYS[1], "w", 1)
local ttl = redis.call("TTL", KEYS[1])
local want = tonumber(ARGV[1])
if want > 0 and (ttl == -1 or ttl < want) then redis.call("EXPIRE", KEYS[1], want) end
local finished = redis.call("HEXISTS", KEYS[1], "o") == 1
local function park()
  if ARGV[8] == "1" then
    set_state(KEYS[1], KEYS[2], ARGV[4], "queued", ARGV[5], 0, "", "")
    redis.call("HSET", KEYS[1], "wo", ARGV[6])
    return
  end
  set_state(KEYS[1], KEYS[2], ARGV[4], "parked", ARGV[5], 0, "", ARGV[6])
  redis.call("HSET", KEYS[1], "pm", ARGV[7])
end
if redis.call("HEXISTS", KEYS[1], ARGV[2]) == 0 then
  if not finished then
    park()
    if string.sub(ARGV[2], 1, 2) == "s:" then redis.call("HSET", KEYS[1], "p", ARGV[2]) end
  end
  return 0
end
if not finished then park() end
if ARGV[3] == "1" then redis.call("HDEL", KEYS[1], ARGV[2]) end
return 1`;
