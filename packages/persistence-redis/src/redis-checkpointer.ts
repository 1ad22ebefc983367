import {
  err,
  type CheckpointHooks as CoreCheckpointHooks,
  hasType,
  type Result,
  type ResumeState,
  type ResumeStateEntry,
  type StepFailureMeta,
} from "@awaitly/core";
import { DEFAULT_MAX_STATE_BYTES, parseState, stringifyEntry } from "@awaitly/persistence";
import { LockLostError } from "./errors";
import {
  createBounded,
  escapeGlob,
  positiveMs,
  runScript,
  scanKeys,
  stringOption,
  type RedisClient,
} from "./internal/call";
import type { RedisLease } from "./redis-lock";

/** Options for `createRedisCheckpointer`. */
export interface RedisCheckpointerOptions {
  /** Prepended to the run id to name each run's hash. Defaults to `"awaitly:run:"`. */
  prefix?: string | undefined;
  /**
   * Seconds a run's hash lives after its latest checkpoint, so finished (or abandoned) runs do not
   * stay in Redis forever. `0` keeps it until deleted. Defaults to `604800` (7 days).
   */
  ttl?: number | undefined;
  /** Milliseconds before a call fails with `RedisPersistenceError`. Defaults to `5000`. */
  timeoutMs?: number | undefined;
  /** Largest checkpoint entry, in UTF-8 bytes of JSON; larger ones fail with `StateSerializeError`. `0` turns the limit off. Defaults to `10485760` (10 MiB). */
  maxEntryBytes?: number | undefined;
}

/** The defaults `createRedisCheckpointer` applies. */
export const DEFAULT_REDIS_CHECKPOINTER_OPTIONS = {
  prefix: "awaitly:run:",
  ttl: 7 * 24 * 60 * 60,
  timeoutMs: 5000,
  maxEntryBytes: DEFAULT_MAX_STATE_BYTES,
} as const;

/** The options that checkpoint one run and resume it: core's `CheckpointHooks`. */
export type CheckpointHooks = CoreCheckpointHooks;

/** Fences writes with a lock: a checkpoint is written only while this lease (or guard's lease) holds. */
export type CheckpointFence = { readonly lease: RedisLease | undefined } | RedisLease;

/** Options of `RedisCheckpointer.forRun`. */
export interface ForRunOptions {
  /**
   * The lock lease (or guard) that must hold for each step to start and each checkpoint to land;
   * `false` writes unfenced, so a process whose lease ran out can overwrite a newer holder's
   * checkpoints. Required.
   */
  fence: CheckpointFence | false;
}

/** Per-step checkpoints of workflow runs in Redis, one hash per run (field = step key). */
export interface RedisCheckpointer {
  /**
   * Hooks for `createWorkflow`. Fenced (the default, `fence` is required): each keyed step checks
   * the lease before it starts, and each write lands only while the lease holds and no newer
   * write of this holder landed; otherwise the run fails with `LockLostError`.
   */
  forRun(runId: string, options: ForRunOptions): CheckpointHooks;
  /** The run's completed steps (empty when none). */
  load(runId: string): Promise<ResumeState>;
  /** Writes one step entry. */
  save(runId: string, stepKey: string, entry: ResumeStateEntry): Promise<void>;
  /** Deletes the run's checkpoints; resolves whether any existed. */
  delete(runId: string): Promise<boolean>;
  /** Run ids with checkpoints (SCAN; on a cluster, of every master). */
  list(): Promise<string[]>;
  /** Seconds a run's hash lives after its latest checkpoint (`0`: until deleted), as configured. */
  readonly ttl: number;
  /**
   * The Redis key of the run's hash (`prefix` + run id). On Redis Cluster a fenced write touches it
   * and the lock key in one script, so both must share a hash tag; callers check it with this.
   */
  keyOf(runId: string): string;
}

// The hash field holding "<token> <sequence>" of the latest fenced write; never a step key.
const FENCE_FIELD = "\u0000fence";

// Changes one step's field only while the fencing token still holds the lock (else 0), and only if
// no write of the same holder with a later sequence landed first (else 2), so neither a stale
// holder nor a late delivery of a write that was reported failed can replace a newer checkpoint.
// With a value the field is set; without one it is deleted (`step.invalidate`), taking the
// holder's next sequence too, so a late delivery of an earlier write cannot bring the step back.
// ARGV: field, token, ttl, sequence, fence field[, value].
const FENCED_CHANGE = `if redis.call("GET", KEYS[2]) ~= ARGV[2] then return 0 end
local last = redis.call("HGET", KEYS[1], ARGV[5])
if last then
  local space = string.find(last, " ", 1, true)
  if string.sub(last, 1, space - 1) == ARGV[2] and tonumber(string.sub(last, space + 1)) >= tonumber(ARGV[4]) then return 2 end
end
local stamp = ARGV[2] .. " " .. ARGV[4]
if ARGV[6] then
  redis.call("HSET", KEYS[1], ARGV[1], ARGV[6], ARGV[5], stamp)
else
  redis.call("HDEL", KEYS[1], ARGV[1])
  redis.call("HSET", KEYS[1], ARGV[5], stamp)
end
if tonumber(ARGV[3]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[3]) end
return 1`;

// Process-wide, so two checkpointers sharing one lease still number their writes in order.
let sequence = 0;

/**
 * Creates a checkpointer: every keyed step's result is written to Redis as it completes, and the
 * next invocation for the same run id (in any process) replays them instead of running them again.
 * @example
 * const checkpoints = createRedisCheckpointer(redis);
 * const guard = createRedisLock(redis).guard("order-42", { waitMs: 30_000 });
 * const workflow = createWorkflow(deps, { ...checkpoints.forRun("order-42", { fence: guard }), shouldRun: guard.shouldRun });
 * await workflow(async (step, deps) => step(() => deps.charge(42), { key: "charge" }));
 */
export function createRedisCheckpointer(
  redis: RedisClient,
  options: RedisCheckpointerOptions = {},
): RedisCheckpointer {
  const where = "createRedisCheckpointer";
  if (typeof redis !== "object" || redis === null || typeof redis.hset !== "function") {
    throw new TypeError(
      `${where}: expected an ioredis client, got ${redis === null ? "null" : typeof redis}`,
    );
  }
  const prefix = stringOption(
    where,
    "prefix",
    options.prefix ?? DEFAULT_REDIS_CHECKPOINTER_OPTIONS.prefix,
  );
  const ttl = options.ttl ?? DEFAULT_REDIS_CHECKPOINTER_OPTIONS.ttl;
  if (!Number.isInteger(ttl) || ttl < 0) {
    throw new RangeError(
      `${where}: option "ttl" must be a non-negative integer of seconds, got ${String(ttl)}`,
    );
  }
  const timeoutMs = positiveMs(
    where,
    "timeoutMs",
    options.timeoutMs ?? DEFAULT_REDIS_CHECKPOINTER_OPTIONS.timeoutMs,
  );
  const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_REDIS_CHECKPOINTER_OPTIONS.maxEntryBytes;
  const call = createBounded(timeoutMs);
  const hashOf = (runId: string): string => `${prefix}${runId}`;

  const write = (
    runId: string,
    stepKey: string,
    entry: ResumeStateEntry,
    fence: CheckpointFence | false,
  ): Promise<void> => {
    if (stepKey === FENCE_FIELD) {
      return Promise.reject(
        new TypeError(`RedisCheckpointer: the step key "\\u0000fence" is reserved`),
      );
    }
    const hash = hashOf(runId);
    let value: string;
    try {
      value = stringifyEntry(entry, { maxBytes: maxEntryBytes });
    } catch (error) {
      return Promise.reject(error);
    }
    if (fence !== false) {
      return fencedChange("checkpoint.save", hash, stepKey, value, fence, runId);
    }
    // Not async: one promise layer fewer on the per-step hot path.
    return call<unknown>("checkpoint.save", hash, () =>
      ttl > 0
        ? redis
            .multi()
            .hset(hash, stepKey, value)
            .expire(hash, ttl)
            .exec()
            .then((replies) => {
              const failed = replies?.find(([error]) => error !== null);
              if (failed) throw failed[0];
            })
        : redis.hset(hash, stepKey, value),
    ) as Promise<never>;
  };

  // One fenced script for writes (a value) and deletions (none).
  const fencedChange = async (
    operation: "checkpoint.save" | "checkpoint.delete",
    hash: string,
    stepKey: string,
    value: string | undefined,
    fence: CheckpointFence,
    runId: string,
  ): Promise<void> => {
    const lease = heldLease(fence, runId);
    const args: Array<string | number> = [stepKey, lease.token, ttl, ++sequence, FENCE_FIELD];
    if (value !== undefined) args.push(value);
    const changed = Number(
      await call(operation, hash, () =>
        runScript(redis, FENCED_CHANGE, [hash, lease.redisKey], args),
      ),
    );
    if (changed === 0) throw new LockLostError(lease.key, "another holder has it");
    if (changed === 2) {
      throw new LockLostError(lease.key, "a later checkpoint of this holder landed first");
    }
  };

  const forget = async (
    runId: string,
    stepKey: string,
    fence: CheckpointFence | false,
  ): Promise<void> => {
    const hash = hashOf(runId);
    if (fence === false) {
      await call("checkpoint.delete", hash, () => redis.hdel(hash, stepKey));
      return;
    }
    await fencedChange("checkpoint.delete", hash, stepKey, undefined, fence, runId);
  };

  const load = async (runId: string): Promise<ResumeState> => {
    const hash = hashOf(runId);
    const fields = await call("checkpoint.load", hash, () => redis.hgetall(hash));
    // Each field already holds entry JSON; splice them into the state wire format and parse once.
    const body = Object.entries(fields)
      .filter(([key]) => key !== FENCE_FIELD)
      .map(([key, value]) => `${JSON.stringify(key)}:${value}`)
      .join(",");
    return parseState(`{"version":1,"entries":{${body}}}`);
  };

  return {
    forRun(runId, runOptions) {
      if (typeof runId !== "string" || runId === "") {
        throw new TypeError(
          `RedisCheckpointer.forRun: runId must be a non-empty string, got ${String(runId)}`,
        );
      }
      const fence = (runOptions as Partial<ForRunOptions> | undefined)?.fence;
      if (fence !== false && (typeof fence !== "object" || fence === null)) {
        throw new TypeError(
          `RedisCheckpointer.forRun: pass { fence: guard } (a RedisLockGuard or RedisLease), or { fence: false } to write unfenced; got ${String(fence)}`,
        );
      }
      return {
        resumeState: () => load(runId),
        onBeforeStep: fence === false ? undefined : () => void heldLease(fence, runId),
        // Only steps that are done count: a failed one runs again on resume. A pending approval
        // is kept, so writing its approved value (save) resumes the run past the gate.
        onAfterStep: (stepKey, result) =>
          result.ok || hasType(result.error, "PENDING_APPROVAL")
            ? write(runId, stepKey, toEntry(result), fence)
            : Promise.resolve(),
        onStepInvalidated: (stepKey) =>
          stepKey === FENCE_FIELD ? Promise.resolve() : forget(runId, stepKey, fence),
      };
    },
    ttl,
    load,
    save: (runId, stepKey, entry) => write(runId, stepKey, entry, false),
    delete: (runId) =>
      call("checkpoint.delete", hashOf(runId), async () => (await redis.del(hashOf(runId))) > 0),
    keyOf: hashOf,
    list: () =>
      call("checkpoint.list", prefix, async () => {
        const keys = await scanKeys(redis, `${escapeGlob(prefix)}*`, 250);
        return keys.map((key) => key.slice(prefix.length));
      }),
  };
}

type CachedMeta = { __cachedMeta: true; originalCause: unknown; meta: StepFailureMeta };

// onAfterStep hands failures over in core's cache encoding; unwrap it into a ResumeStateEntry.
function toEntry(result: Result<unknown, unknown, unknown>): ResumeStateEntry {
  if (result.ok) return { result };
  const cause = result.cause as Partial<CachedMeta> | undefined;
  if (typeof cause === "object" && cause !== null && cause.__cachedMeta === true && cause.meta) {
    return { result: err(result.error, { cause: cause.originalCause }), meta: cause.meta };
  }
  return { result };
}

// The fence's lease, checked on this process's clock; throws LockLostError when it is not held.
function heldLease(fence: CheckpointFence, runId: string): RedisLease {
  const lease = "token" in fence ? fence : fence.lease;
  if (lease === undefined) throw new LockLostError(runId, "no lease is held for this run");
  lease.assertHeld();
  return lease;
}
