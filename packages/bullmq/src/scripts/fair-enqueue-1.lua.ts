/**
 * @internal Puts a run with a concurrency key in its key's waiting list (the dispatcher moves it
 * into the BullMQ queue when the key has a free slot) and its key in the round-robin ring; its
 * record says it waits on `concurrency` until the dispatcher takes it.
 * KEYS[1] the run record.
 * ARGV[1] the queue's fair base key; ARGV[2] the concurrency key; ARGV[3] the run's job id;
 * ARGV[4] the encoded input (JSON); ARGV[5] the job options (JSON); ARGV[6] the run's limit (its
 * queue's `concurrencyPerKey`).
 * Answers 1.
 */
export const FAIR_ENQUEUE = `redis.call("HSET", KEYS[1], "i", ARGV[4], "q", ARGV[2], "a", ARGV[5], "wo", "concurrency", "l", ARGV[6])
redis.call("RPUSH", ARGV[1] .. ":wait:" .. ARGV[2], ARGV[3])
if redis.call("SADD", ARGV[1] .. ":keyset", ARGV[2]) == 1 then
  redis.call("LPUSH", ARGV[1] .. ":ring", ARGV[2])
end
return 1`;
