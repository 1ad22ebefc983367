/**
 * @internal Records the outcome of a run whose job failed for good without one (an exception
 * outside the workflow, a job failed by BullMQ itself), unless it has an outcome already.
 * KEYS[1] the run record.
 * ARGV[1] the encoded outcome (an `UnexpectedError`), ARGV[2] seconds the record lives (0: no expiry).
 * Answers the outcome the record holds.
 */
export const SETTLE_FAILED = `local o = redis.call("HGET", KEYS[1], "o")
if o then return o end
redis.call("HSET", KEYS[1], "o", ARGV[1], "st", "failed")
redis.call("HDEL", KEYS[1], "p")
if tonumber(ARGV[2]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[2]) end
return ARGV[1]`;
