import { JOB_ID_LIB } from "./job-id.lua";

/**
 * @internal Finds the debounced runs that are due and have no job yet (their callers died before
 * adding it): the sweeper adds those jobs. Keys whose batch is gone, whose run has a job, or whose
 * run has an outcome leave the due set (a later input puts its key back).
 * KEYS[1] the queue's due set.
 * ARGV[1] now (ms); ARGV[2] the batch hashes' key prefix (the debounce key follows); ARGV[3] the
 * queue's base key (BullMQ's `prefix:name`; a run whose record names a version `vq` has its job
 * under `prefix:name@vq`); ARGV[4] at most this many keys.
 * Answers the job ids to add.
 */
export const DEBOUNCE_DUE = `${JOB_ID_LIB}local out = {}
local due = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, tonumber(ARGV[4]))
for _, key in ipairs(due) do
  local runId = redis.call("HGET", ARGV[2] .. key, "r")
  local jobId = runId and job_id(runId)
  local record = jobId and (ARGV[3] .. ":awaitly:run:" .. jobId)
  local vq = record and redis.call("HGET", record, "vq")
  local jobBase = vq and (ARGV[3] .. "@" .. vq) or ARGV[3]
  if not runId or redis.call("EXISTS", jobBase .. ":" .. jobId) == 1
    or redis.call("HEXISTS", record, "o") == 1 or redis.call("HEXISTS", record, "a") == 0 then
    redis.call("ZREM", KEYS[1], key)
  else
    out[#out + 1] = jobId
  end
end
return out`;
