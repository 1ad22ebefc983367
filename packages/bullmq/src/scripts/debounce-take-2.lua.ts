/**
 * @internal A debounced run that starts takes its inputs: while its batch is open and its start
 * time is still ahead it answers that time (the run parks until then); otherwise it closes the
 * batch (a later input opens a new one; the key leaves the due set) and answers the inputs in
 * arrival order.
 * KEYS[1] the key's batch hash; KEYS[2] the queue's due set.
 * ARGV[1] the run id; ARGV[2] now (ms); ARGV[3] the run's inputs list; ARGV[4] the debounce key.
 * Answers { 0, start time } or { 1, inputs }.
 */
export const DEBOUNCE_TAKE = `local b = redis.call("HMGET", KEYS[1], "r", "at")
if b[1] == ARGV[1] then
  if tonumber(b[2]) > tonumber(ARGV[2]) then return { 0, b[2] } end
  redis.call("DEL", KEYS[1])
  redis.call("ZREM", KEYS[2], ARGV[4])
end
return { 1, redis.call("LRANGE", ARGV[3], 0, -1) }`;
