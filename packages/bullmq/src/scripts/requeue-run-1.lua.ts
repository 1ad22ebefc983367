import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal A run without an outcome goes back to `queued` (handed back by a closing worker, or
 * waiting for its next attempt after a thrown error); a run with an outcome, or without a record
 * (a schedule tick), is left alone.
 * KEYS[1] the run record, KEYS[2] the run-list index prefix.
 * ARGV[1] the job id, ARGV[2] now (ms).
 * Answers 1 when requeued, else 0.
 */
export const REQUEUE_RUN = `${RUN_INDEX_LIB}if redis.call("EXISTS", KEYS[1]) == 0 then return 0 end
if redis.call("HEXISTS", KEYS[1], "o") == 1 then return 0 end
set_state(KEYS[1], KEYS[2], ARGV[1], "queued", ARGV[2], 0, "", "")
return 1`;
