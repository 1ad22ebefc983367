import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal A worker (re)starts a run: reads whether it already has an outcome (a previous attempt
 * stored it and died, or a cancel ended it while it waited) or a cancel was asked, and its wake
 * count; a run without an outcome becomes `running` and waits for no signal. A run without a
 * record (a schedule tick) is left without one.
 * KEYS[1] the run record, KEYS[2] the run-list index prefix.
 * ARGV[1] the job id, ARGV[2] now (ms).
 * Answers { outcome or false, cancel flag or false, wakes or false }.
 */
export const START_RUN = `${RUN_INDEX_LIB}if redis.call("EXISTS", KEYS[1]) == 0 then return { false, false, false } end
local r = redis.call("HMGET", KEYS[1], "o", "x", "w")
if not r[1] then
  set_state(KEYS[1], KEYS[2], ARGV[1], "running", ARGV[2], 0, "", "")
  redis.call("HDEL", KEYS[1], "p")
end
return r`;
