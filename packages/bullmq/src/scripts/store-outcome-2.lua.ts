import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal Stores the outcome of a run no worker holds (a cancelled waiting or delayed run) unless
 * it has one, and moves it into the status the outcome means.
 * KEYS[1] the run record, KEYS[2] the run-list index prefix.
 * ARGV[1] the encoded outcome, ARGV[2] seconds the record lives (0: no expiry), ARGV[3] the job id,
 * ARGV[4] now (ms).
 * Answers 1 when stored, 0 when the run already had an outcome.
 */
export const STORE_OUTCOME = `${RUN_INDEX_LIB}if redis.call("HEXISTS", KEYS[1], "o") == 1 then return 0 end
redis.call("HSET", KEYS[1], "o", ARGV[1])
local st, et = outcome_state(ARGV[1])
set_state(KEYS[1], KEYS[2], ARGV[3], st, ARGV[4], ARGV[2], et, "")
if tonumber(ARGV[2]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[2]) end
return 1`;
