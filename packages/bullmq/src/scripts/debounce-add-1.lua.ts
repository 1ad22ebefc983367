/**
 * @internal Adds an input to a key's open debounce batch (opening one, with the caller's run id,
 * when none is open) and moves the batch's start to `quietMs` after this input, at most
 * `maxDelayMs` after its first.
 * KEYS[1] the key's batch hash (`r` run id, `f` first arrival, `at` start time).
 * ARGV[1] the run id to use for a new batch; ARGV[2] now (ms); ARGV[3] quietMs; ARGV[4] maxDelayMs;
 * ARGV[5] the encoded input; ARGV[6] the inputs list key prefix; ARGV[7] seconds the inputs live.
 * Answers { run id, start time }.
 */
export const DEBOUNCE_ADD = `local now = tonumber(ARGV[2])
local b = redis.call("HMGET", KEYS[1], "r", "f")
local runId, first = b[1], tonumber(b[2])
if not runId then
  runId, first = ARGV[1], now
  redis.call("HSET", KEYS[1], "r", runId, "f", first)
end
local at = math.min(now + tonumber(ARGV[3]), first + tonumber(ARGV[4]))
redis.call("HSET", KEYS[1], "at", at)
local list = ARGV[6] .. runId
redis.call("RPUSH", list, ARGV[5])
if tonumber(ARGV[7]) > 0 then redis.call("EXPIRE", list, ARGV[7]) end
return { runId, at }`;
