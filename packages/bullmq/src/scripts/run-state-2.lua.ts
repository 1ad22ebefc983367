import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal Moves a run that has no outcome yet into `active` (a worker started it) or `waiting`
 * (handed back, or waiting for its next attempt), and answers what a resumed run needs.
 * KEYS[1] the run record, KEYS[2] the run-list index prefix.
 * ARGV[1] the job id, ARGV[2] the status, ARGV[3] now (ms), ARGV[4] seconds the record must live at
 * least (0: leave its expiry alone).
 * Answers { outcome or false, wakes or false }; a run with an outcome keeps its status.
 */
export const RUN_STATE = `${RUN_INDEX_LIB}local r = redis.call("HMGET", KEYS[1], "o", "w")
if r[1] then return r end
set_state(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], 0, "", "")
local ttl = redis.call("TTL", KEYS[1])
local want = tonumber(ARGV[4])
if want > 0 and (ttl == -1 or ttl < want) then redis.call("EXPIRE", KEYS[1], want) end
return r`;
