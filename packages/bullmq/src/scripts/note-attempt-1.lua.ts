/**
 * @internal Notes the running attempt's trace context in the run record (tracing only), and makes
 * a record that had no expiry (a schedule tick's, made by this write) live the run TTL.
 * KEYS[1] the run record.
 * ARGV[1] seconds a record without expiry gets (0: none); ARGV[2] the field; ARGV[3] its value.
 * Answers 1.
 */
export const NOTE_ATTEMPT = `redis.call("HSET", KEYS[1], ARGV[2], ARGV[3])
local want = tonumber(ARGV[1])
if want > 0 and redis.call("TTL", KEYS[1]) == -1 then redis.call("EXPIRE", KEYS[1], want) end
return 1`;
