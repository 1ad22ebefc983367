import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal The run-index library plus `claim_new(record, idx, hash, ttl, jobId, now, version, routed)`,
 * which writes a new run's record (state `queued`, its input hash, version and expiry; with
 * `routed` = `"1"` also `vq`, the version whose BullMQ queue holds its job): the one way a script
 * creates a run record.
 */
export const CLAIM_LIB = `${RUN_INDEX_LIB}local function claim_new(record, idx, hash, ttl, jobId, now, version, routed)
  redis.call("HSET", record, "h", hash)
  -- set_state counts the run under its version (vq): write it first.
  if version ~= "" then redis.call("HSET", record, "v", version) end
  if routed == "1" then redis.call("HSET", record, "vq", version) end
  set_state(record, idx, jobId, "queued", now, ttl, "", "")
  if tonumber(ttl) > 0 then redis.call("EXPIRE", record, ttl) end
end
`;

/**
 * @internal Claims a run id: creates the run record (state `queued`) unless it exists.
 * KEYS[1] the run record, KEYS[2] the run's BullMQ job, KEYS[3] the run-list index prefix.
 * ARGV[1] the input hash, ARGV[2] seconds a new record lives (0: no expiry), ARGV[3] the job id,
 * ARGV[4] now (ms), ARGV[5] the version (`""`: none), ARGV[6] `1` when the run's job goes to its
 * version's BullMQ queue (recorded as `vq`, which every later look-up of its job follows).
 * Answers 0 new, 1 same input, 2 different input, 3 no record but the job is still kept (the
 * caller compares inputs with the job's). The expiry makes the record of a run whose job never
 * reaches an outcome (removed, obliterated) go away.
 */
export const CLAIM_RUN = `${CLAIM_LIB}local h = redis.call("HGET", KEYS[1], "h")
if h then if h == ARGV[1] then return 1 else return 2 end end
if redis.call("EXISTS", KEYS[2]) == 1 then return 3 end
claim_new(KEYS[1], KEYS[3], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
return 0`;
