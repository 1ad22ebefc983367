import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal Claims a run id: creates the run record (state `queued`) unless it exists.
 * KEYS[1] the run record, KEYS[2] the run's BullMQ job, KEYS[3] the run-list index prefix.
 * ARGV[1] the input hash, ARGV[2] seconds a new record lives (0: no expiry), ARGV[3] the job id,
 * ARGV[4] now (ms), ARGV[5] the version (`""`: none), ARGV[6] `1` when the run's job goes to its
 * version's BullMQ queue (recorded as `vq`, which every later look-up of its job follows).
 * Answers 0 new, 1 same input, 2 different input, 3 no record but the job is still kept (the
 * caller compares inputs with the job's). The expiry makes the record of a run whose job never
 * reaches an outcome (removed, obliterated) go away.
 */
export const CLAIM_RUN = `${RUN_INDEX_LIB}local h = redis.call("HGET", KEYS[1], "h")
if h then if h == ARGV[1] then return 1 else return 2 end end
if redis.call("EXISTS", KEYS[2]) == 1 then return 3 end
redis.call("HSET", KEYS[1], "h", ARGV[1])
if ARGV[5] ~= "" then redis.call("HSET", KEYS[1], "v", ARGV[5]) end
if ARGV[6] == "1" then redis.call("HSET", KEYS[1], "vq", ARGV[5]) end
set_state(KEYS[1], KEYS[3], ARGV[3], "queued", ARGV[4], ARGV[2], "", "")
if tonumber(ARGV[2]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[2]) end
return 0`;
