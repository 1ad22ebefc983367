import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal A run's input hash and outcome: the outcome from its record, or else the return value
 * its job completed with, which is then copied into the record so it outlives the job; a job that
 * failed for good without an outcome answers its failure reason (the caller records the outcome).
 * KEYS[1] the run record, KEYS[2] the run's BullMQ job, KEYS[3] the run-list index prefix.
 * ARGV[1] seconds a record given an outcome lives (0: no expiry), ARGV[2] the job id, ARGV[3] now (ms).
 * Answers { hash or false, outcome or false, 1 if the job exists else 0, failure reason or false }.
 */
export const READ_RUN = `${RUN_INDEX_LIB}local r = redis.call("HMGET", KEYS[1], "h", "o")
if r[2] then return { r[1], r[2], 1, false } end
local j = redis.call("HMGET", KEYS[2], "finishedOn", "returnvalue", "failedReason")
if j[1] and j[2] then
  if r[1] then
    redis.call("HSET", KEYS[1], "o", j[2])
    set_state(KEYS[1], KEYS[3], ARGV[2], outcome_st(j[2]), ARGV[3], ARGV[1], error_type(j[2]), "")
    if tonumber(ARGV[1]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[1]) end
  end
  return { r[1], j[2], 1, false }
end
if j[1] then return { r[1], false, 1, j[3] or "the job failed" } end
return { r[1], false, redis.call("EXISTS", KEYS[2]), false }`;
