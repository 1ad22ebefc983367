import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal Records the outcome of a run whose job failed for good without one (an exception
 * outside the workflow, a job failed by BullMQ itself), unless it has an outcome already.
 * KEYS[1] the run record, KEYS[2] the run-list index prefix.
 * ARGV[1] the encoded outcome (an `UnexpectedError`), ARGV[2] seconds the record lives (0: no expiry),
 * ARGV[3] the job id, ARGV[4] now (ms).
 * Answers the outcome the record holds.
 */
export const SETTLE_FAILED = `${RUN_INDEX_LIB}local o = redis.call("HGET", KEYS[1], "o")
if o then return o end
redis.call("HSET", KEYS[1], "o", ARGV[1])
set_state(KEYS[1], KEYS[2], ARGV[3], "failed", ARGV[4], ARGV[2], error_type(ARGV[1]), "")
redis.call("HDEL", KEYS[1], "p")
if tonumber(ARGV[2]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[2]) end
return ARGV[1]`;
