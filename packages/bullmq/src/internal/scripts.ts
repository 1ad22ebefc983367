import { createHash } from "node:crypto";
import type { RedisClient } from "./options";

// Creates the run record unless it exists; answers 0 new, 1 same input, 2 different input, and 3
// when the record is gone but the run's job (KEYS[2]) is still kept: the caller compares inputs
// with the job's. A new record expires after ARGV[2] seconds (0: never), so the record of a run
// whose job never reaches an outcome (removed, obliterated) does not stay forever.
export const CLAIM_RUN = `local h = redis.call("HGET", KEYS[1], "h")
if h then if h == ARGV[1] then return 1 else return 2 end end
if redis.call("EXISTS", KEYS[2]) == 1 then return 3 end
redis.call("HSET", KEYS[1], "h", ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[2]) end
return 0`;

// A run's input hash and outcome: the outcome from its record, or else the return value its job
// completed with, which is then copied into the record (kept ARGV[1] seconds, 0: no expiry) so it
// outlives the job. Answers { hash or false, outcome or false, 1 if the job exists else 0 }.
export const READ_RUN = `local r = redis.call("HMGET", KEYS[1], "h", "o")
if r[2] then return { r[1], r[2], 1 } end
local j = redis.call("HMGET", KEYS[2], "finishedOn", "returnvalue")
if j[1] and j[2] then
  if r[1] then
    redis.call("HSET", KEYS[1], "o", j[2])
    if tonumber(ARGV[1]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[1]) end
  end
  return { r[1], j[2], 1 }
end
return { r[1], false, redis.call("EXISTS", KEYS[2]) }`;

// Copies outcomes of completed jobs into their run records (KEYS[i] gets ARGV[i + 1]) unless a
// record has one already or is gone; each copied record is kept ARGV[1] more seconds (0: no expiry).
export const COPY_OUTCOMES = `for i, key in ipairs(KEYS) do
  if redis.call("EXISTS", key) == 1 and redis.call("HSETNX", key, "o", ARGV[i + 1]) == 1 then
    if tonumber(ARGV[1]) > 0 then redis.call("EXPIRE", key, ARGV[1]) end
  end
end
return #KEYS`;

// Sets the field/value pairs ARGV[2..] (if any) on a run record, then makes it live at least
// ARGV[1] seconds (0: leave its expiry alone); a longer expiry is kept.
export const TOUCH_RECORD = `if #ARGV > 1 then redis.call("HSET", KEYS[1], unpack(ARGV, 2)) end
local ttl = redis.call("TTL", KEYS[1])
local want = tonumber(ARGV[1])
if want > 0 and ttl ~= -2 and (ttl == -1 or ttl < want) then redis.call("EXPIRE", KEYS[1], want) end
return 1`;

// Writes the run's outcome only while this worker's token still holds BullMQ's job lock.
export const FENCED_OUTCOME = `if redis.call("GET", KEYS[2]) ~= ARGV[1] then return 0 end
redis.call("HSET", KEYS[1], "o", ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[3]) end
return 1`;

// Deletes hash field ARGV[1] only while it still holds ARGV[2] (a newer value is kept).
export const DROP_FIELD_IF = `if redis.call("HGET", KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call("HDEL", KEYS[1], ARGV[1])
end
return 0`;

const shas = new Map<string, string>();

/**
 * @internal Runs a Lua script by its SHA1 (computed here: a SCRIPT LOAD would reach one node of a
 * cluster only), falling back to EVAL, which caches it on that node, on NOSCRIPT.
 */
export async function runScript(
  redis: RedisClient,
  script: string,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createHash("sha1").update(script).digest("hex");
    shas.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return redis.eval(script, keys.length, ...keys, ...args);
  }
}
