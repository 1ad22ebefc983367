/**
 * @internal Delivers a signal payload or a resume flag to a run that can still take it, and makes
 * its record live at least the run TTL. Nothing is stored for an unknown or finished run, nor for
 * a signal other than the one a parked run waits for.
 * KEYS[1] the run record, KEYS[2] its BullMQ job, KEYS[3] the job of a schedule tick with this id
 * (else KEYS[2] again).
 * ARGV[1] seconds the record must live at least (0: leave its expiry alone), ARGV[2] the field
 * (`s:<name>` or `r`), ARGV[3] its value, ARGV[4] `1` when a parked run must wait for this field; ARGV[5..] more field/value pairs stored
 * with it (the sender's trace context).
 * Answers { "stored" }, { "unknown" }, { "finished", state or "" } or { "elsewhere", field }.
 */
export const DELIVER = `local r = redis.call("HMGET", KEYS[1], "h", "o", "st", "p")
if r[2] then return { "finished", r[3] or "" } end
if redis.call("HEXISTS", KEYS[2], "finishedOn") == 1 then return { "finished", "" } end
if not r[1] and redis.call("EXISTS", KEYS[2]) == 0 and redis.call("EXISTS", KEYS[3]) == 0 then
  return { "unknown" }
end
if ARGV[4] == "1" and r[4] and r[4] ~= ARGV[2] then return { "elsewhere", r[4] } end
redis.call("HSET", KEYS[1], ARGV[2], ARGV[3], unpack(ARGV, 5))
if r[4] and r[4] == ARGV[2] then redis.call("HDEL", KEYS[1], "p") end
local ttl = redis.call("TTL", KEYS[1])
local want = tonumber(ARGV[1])
if want > 0 and (ttl == -1 or ttl < want) then redis.call("EXPIRE", KEYS[1], want) end
return { "stored" }`;
