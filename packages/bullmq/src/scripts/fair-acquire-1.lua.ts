/**
 * @internal A run with a concurrency key that starts (or wakes from a park) takes its slot: it
 * holds it already (dispatched, or parked holding it), or takes a free one when no run of its key
 * waits; otherwise it queues first in its key's waiting list, to be promoted by the dispatcher.
 * KEYS[1] the key's active set.
 * ARGV[1] the fair base key; ARGV[2] the concurrency key; ARGV[3] the job id; ARGV[4] now (ms);
 * ARGV[5] the run record (its `l` is the run's limit: its enqueuer's `concurrencyPerKey`; runs
 * enqueued before runs carried it use the queue's `limit` key, else 1).
 * Answers 1 when the run holds a slot, 0 when it must wait (the caller gates its job).
 */
export const FAIR_ACQUIRE = `if redis.call("ZSCORE", KEYS[1], ARGV[3]) then
  redis.call("ZADD", KEYS[1], ARGV[4], ARGV[3])
  return 1
end
local fair = ARGV[1]
local limit = tonumber(redis.call("HGET", ARGV[5], "l") or redis.call("GET", fair .. ":limit") or "1")
local wait = fair .. ":wait:" .. ARGV[2]
if redis.call("ZCARD", KEYS[1]) < limit and redis.call("LLEN", wait) == 0 then
  redis.call("ZADD", KEYS[1], ARGV[4], ARGV[3])
  return 1
end
redis.call("LPUSH", wait, ARGV[3])
if redis.call("SADD", fair .. ":keyset", ARGV[2]) == 1 then
  redis.call("LPUSH", fair .. ":ring", ARGV[2])
end
return 0`;
