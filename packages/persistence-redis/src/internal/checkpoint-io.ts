import type {
  CheckpointAnnex,
  CheckpointIO,
  CheckpointWriteStatus,
  Fence,
  ResumeState,
} from "@awaitly/core";
import { parseState, stringifyEntry } from "@awaitly/persistence";
import { createBounded, escapeGlob, runScript, scanKeys, type RedisClient } from "./call";

/** @internal A lease the script can check in Redis: the lock's key holds its token. */
export type RedisFence = Fence & { readonly redisKey: string };

/** @internal What the Redis checkpoint I/O needs, validated by `createRedisCheckpointer`. */
export interface RedisCheckpointIOOptions {
  prefix: string;
  ttl: number;
  timeoutMs: number;
  maxEntryBytes: number;
}

// The hash field holding "<token> <sequence>" of the latest fenced change; never a step key.
const FENCE_FIELD = "\u0000fence";

// Sets (value given) or deletes (value "") one step's field of the run hash KEYS[1], and refreshes
// the hash's expiry in the same call, so it lives `ttl` seconds after the latest checkpoint.
// Fenced (KEYS[2], the lock key, given): only while the lock holds the token (else 0), and only
// if no change of the same holder with a later sequence landed first (else 2), so neither a stale
// holder nor a late delivery of a change that was reported failed replaces a newer checkpoint; a
// deletion takes the holder's next sequence too, so a late write cannot bring the step back.
// A write may carry an annex: one field of another hash (the last key), set in the same call and
// only when the write lands, so a refused write changes neither.
// ARGV: field, ttl, value ("" deletes)[, token, sequence, fence field][, annex field, annex value]
// (token "" when unfenced).
/** @internal The one script of every checkpoint change (exported for the bench). */
export const CHANGE_STEP = `local fenced = ARGV[4] and ARGV[4] ~= ""
if fenced then
  local token = ARGV[4]
  if redis.call("GET", KEYS[2]) ~= token then return 0 end
  local last = redis.call("HGET", KEYS[1], ARGV[6])
  if last and string.sub(last, 1, #token) == token and tonumber(string.sub(last, #token + 2)) >= tonumber(ARGV[5]) then return 2 end
  local stamp = token .. " " .. ARGV[5]
  if ARGV[3] == "" then
    redis.call("HDEL", KEYS[1], ARGV[1])
    redis.call("HSET", KEYS[1], ARGV[6], stamp)
  else
    redis.call("HSET", KEYS[1], ARGV[1], ARGV[3], ARGV[6], stamp)
  end
elseif ARGV[3] == "" then
  redis.call("HDEL", KEYS[1], ARGV[1])
else
  redis.call("HSET", KEYS[1], ARGV[1], ARGV[3])
end
if ARGV[2] ~= "0" then redis.call("EXPIRE", KEYS[1], ARGV[2]) end
if ARGV[7] and ARGV[3] ~= "" then redis.call("HSET", KEYS[#KEYS], ARGV[7], ARGV[8]) end
return 1`;

const STATUS: readonly CheckpointWriteStatus[] = ["lost", "written", "superseded"];

// Process-wide, so two checkpointers sharing one lease still number their changes in order.
let sequence = 0;

/**
 * @internal The Redis side of a checkpointer: one hash per run (field = step key), every change
 * one script call that checks the fence and refreshes the expiry.
 */
export function createRedisCheckpointIO(
  redis: RedisClient,
  options: RedisCheckpointIOOptions,
): CheckpointIO<RedisFence> & { keyOf: (runId: string) => string } {
  const { prefix, ttl, maxEntryBytes } = options;
  const call = createBounded(options.timeoutMs);
  const keyOf = (runId: string): string => `${prefix}${runId}`;

  // Not async: one promise layer fewer on the per-step hot path.
  const change = (
    operation: "checkpoint.save" | "checkpoint.delete",
    runId: string,
    stepKey: string,
    value: string,
    fence: RedisFence | undefined,
    annex?: CheckpointAnnex,
  ): Promise<CheckpointWriteStatus> => {
    const hash = keyOf(runId);
    const keys = fence === undefined ? [hash] : [hash, fence.redisKey];
    const args: Array<string | number> =
      fence === undefined
        ? [stepKey, ttl, value]
        : [stepKey, ttl, value, fence.token, ++sequence, FENCE_FIELD];
    if (annex !== undefined) {
      if (fence === undefined) args.push("", "", "");
      keys.push(annex.key);
      args.push(annex.field, annex.value);
    }
    return call(operation, hash, () => runScript(redis, CHANGE_STEP, keys, args)).then(
      (answer) => STATUS[Number(answer)] ?? "lost",
    );
  };

  const load = async (runId: string): Promise<ResumeState> => {
    const hash = keyOf(runId);
    const fields = await call("checkpoint.load", hash, () => redis.hgetall(hash));
    // Each field already holds entry JSON; splice them into the state wire format and parse once.
    const body = Object.entries(fields)
      .filter(([key]) => key !== FENCE_FIELD)
      .map(([key, value]) => `${JSON.stringify(key)}:${value}`)
      .join(",");
    return parseState(`{"version":1,"entries":{${body}}}`);
  };

  return {
    keyOf,
    load,
    write(runId, stepKey, entry, fence, annex) {
      if (stepKey === FENCE_FIELD) {
        return Promise.reject(
          new TypeError(`RedisCheckpointer: the step key "\\u0000fence" is reserved`),
        );
      }
      let value: string;
      try {
        value = stringifyEntry(entry, { maxBytes: maxEntryBytes });
      } catch (error) {
        return Promise.reject(error);
      }
      return change("checkpoint.save", runId, stepKey, value, fence, annex);
    },
    remove: (runId, stepKey, fence) =>
      stepKey === FENCE_FIELD
        ? Promise.resolve("written")
        : change("checkpoint.delete", runId, stepKey, "", fence),
    delete: (runId) =>
      call("checkpoint.delete", keyOf(runId), async () => (await redis.del(keyOf(runId))) > 0),
    list: () =>
      call("checkpoint.list", prefix, async () => {
        const keys = await scanKeys(redis, `${escapeGlob(prefix)}*`, 250);
        return keys.map((key) => key.slice(prefix.length));
      }),
  };
}
