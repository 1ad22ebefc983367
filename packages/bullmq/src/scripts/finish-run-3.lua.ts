import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal Writes a run's outcome once, while this worker's token holds BullMQ's job lock: the
 * compare-and-set that decides between completion and cancel. A cancel asked before it (`x`) wins:
 * nothing is written and the caller writes the cancelled outcome instead.
 * KEYS[1] the run record, KEYS[2] the job's lock key, KEYS[3] the run-list index prefix.
 * ARGV[1] the lock token, ARGV[2] the encoded outcome, ARGV[3] its terminal state, ARGV[4] seconds
 * the record lives (0: no expiry), ARGV[5] the job id, ARGV[6] now (ms).
 * Answers { 1 } written, { 0 } lock lost, { 2, outcome } an outcome was there already, { 3 } a
 * cancel was asked (only when ARGV[3] is not `cancelled`).
 */
export const FINISH_RUN = `${RUN_INDEX_LIB}if redis.call("GET", KEYS[2]) ~= ARGV[1] then return { 0 } end
local r = redis.call("HMGET", KEYS[1], "o", "x")
if r[1] then return { 2, r[1] } end
if r[2] == "1" and ARGV[3] ~= "cancelled" then return { 3 } end
redis.call("HSET", KEYS[1], "o", ARGV[2])
set_state(KEYS[1], KEYS[3], ARGV[5], ARGV[3], ARGV[6], ARGV[4], error_type(ARGV[2]), "")
redis.call("HDEL", KEYS[1], "p")
if tonumber(ARGV[4]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[4]) end
return { 1 }`;
