/**
 * @internal Sets fields on a run record and makes it live at least a given time (a longer expiry
 * is kept): a signal, a resume flag, or a record kept through a park.
 * KEYS[1] the run record.
 * ARGV[1] seconds the record must live at least (0: leave its expiry alone); ARGV[2..] field/value
 * pairs to set (none: only the expiry).
 * Answers 1.
 */
export const TOUCH_RECORD = `if #ARGV > 1 then redis.call("HSET", KEYS[1], unpack(ARGV, 2)) end
local ttl = redis.call("TTL", KEYS[1])
local want = tonumber(ARGV[1])
if want > 0 and ttl ~= -2 and (ttl == -1 or ttl < want) then redis.call("EXPIRE", KEYS[1], want) end
return 1`;
