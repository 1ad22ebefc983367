/**
 * @internal Writes a run's outcome only while this worker's token still holds BullMQ's job lock.
 * KEYS[1] the run record, KEYS[2] the job's lock key.
 * ARGV[1] the lock token, ARGV[2] the encoded outcome, ARGV[3] seconds the record lives (0: no expiry).
 * Answers 1 when written, 0 when the lock is held by another token (or by none).
 */
export const FENCED_OUTCOME = `if redis.call("GET", KEYS[2]) ~= ARGV[1] then return 0 end
redis.call("HSET", KEYS[1], "o", ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[3]) end
return 1`;
