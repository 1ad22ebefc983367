import { CLAIM_LIB } from "./claim-run-3.lua";
import { JOB_ID_LIB } from "./job-id.lua";

/**
 * @internal Adds an input to a key's open debounce batch and moves the batch's start to `quietMs`
 * after this input, at most `maxDelayMs` after its first. When no batch is open (or the open one's
 * run already has an outcome: it was cancelled) it opens one: it claims the caller's run id (the
 * run record, `queued`, with the job to add in `a`). Every add enters the key in the due set at
 * the batch's start time, so a worker adds the run's job once it is due even if every caller died:
 * an input is stored in the same script as everything that starts its run.
 * KEYS[1] the key's batch hash (`r` run id, `f` first arrival, `at` start time); KEYS[2] the
 * queue's due set (debounce keys scored by start time); KEYS[3] the run-list index prefix.
 * ARGV[1] the debounce key; ARGV[2] the run id for a new batch; ARGV[3] now (ms); ARGV[4] quietMs;
 * ARGV[5] maxDelayMs; ARGV[6] the encoded input; ARGV[7] the run records' key prefix (the job id
 * follows); ARGV[8] the inputs lists' key prefix (the run id follows); ARGV[9] seconds a run is
 * kept after it ends (0: for ever); ARGV[10] the run's input hash; ARGV[11] the version (`""`:
 * none); ARGV[12] the job to add (JSON: name, opts, data); ARGV[13] `1` when the run's job goes
 * to its version's BullMQ queue (see claim-run-3).
 * Answers { run id, start time }.
 */
export const DEBOUNCE_ADD = `${CLAIM_LIB}${JOB_ID_LIB}local now = tonumber(ARGV[3])
local b = redis.call("HMGET", KEYS[1], "r", "f")
local runId, first = b[1], tonumber(b[2])
if runId and redis.call("HEXISTS", ARGV[7] .. job_id(runId), "o") == 1 then runId = false end
local opened = not runId
if opened then runId, first = ARGV[2], now end
local jobId = job_id(runId)
local record = ARGV[7] .. jobId
local at = math.min(now + tonumber(ARGV[4]), first + tonumber(ARGV[5]))
local keep = tonumber(ARGV[9])
if keep > 0 then keep = keep + math.ceil((at - now) / 1000) end
if opened then
  redis.call("DEL", KEYS[1])
  redis.call("HSET", KEYS[1], "r", runId, "f", first)
  claim_new(record, KEYS[3], ARGV[10], keep, jobId, now, ARGV[11], ARGV[13])
  redis.call("HSET", record, "i", "null", "a", ARGV[12])
elseif keep > 0 and redis.call("TTL", record) < keep then
  redis.call("EXPIRE", record, keep)
end
redis.call("HSET", KEYS[1], "at", at)
redis.call("ZADD", KEYS[2], at, ARGV[1])
local list = ARGV[8] .. runId
redis.call("RPUSH", list, ARGV[6])
if keep > 0 then redis.call("EXPIRE", list, keep) end
return { runId, at }`;
