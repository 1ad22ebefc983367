import {
  err,
  type Result,
  type ResumeState,
  type ResumeStateEntry,
  type StepFailureMeta,
} from "@awaitly/core";
import { parseState, serializeEntry } from "@awaitly/persistence";
import type { Redis } from "ioredis";
import { LockLostError } from "./errors";
import {
  createBounded,
  escapeGlob,
  positiveMs,
  runScript,
  scanKeys,
  stringOption,
} from "./internal/call";
import type { RedisLease } from "./redis-lock";

/** Options for `createRedisCheckpointer`. */
export interface RedisCheckpointerOptions {
  /** Prepended to the run id to name each run's hash. Defaults to `"awaitly:run:"`. */
  prefix?: string | undefined;
  /** Seconds a run's hash lives after its latest checkpoint. `0` keeps it until deleted. Defaults to `0`. */
  ttl?: number | undefined;
  /** Milliseconds before a call fails with `RedisPersistenceError`. Defaults to `5000`. */
  timeoutMs?: number | undefined;
}

/** The defaults `createRedisCheckpointer` applies. */
export const DEFAULT_REDIS_CHECKPOINTER_OPTIONS = {
  prefix: "awaitly:run:",
  ttl: 0,
  timeoutMs: 5000,
} as const;

/** The `createWorkflow` options that checkpoint one run and resume it. */
export interface CheckpointHooks {
  /** Loads the run's completed steps from Redis on each invocation. */
  resumeState: () => Promise<ResumeState>;
  /** Writes each keyed step's result to the run's hash as the step completes. */
  onAfterStep: (stepKey: string, result: Result<unknown, unknown, unknown>) => Promise<void>;
}

/** Fences writes with a lock: a checkpoint is written only while this lease (or guard's lease) holds. */
export type CheckpointFence = { readonly lease: RedisLease | undefined } | RedisLease;

/** Per-step checkpoints of workflow runs in Redis, one hash per run (field = step key). */
export interface RedisCheckpointer {
  /** Hooks for `createWorkflow`; with `fence`, writes fail with `LockLostError` once the lease is gone. */
  forRun(runId: string, options?: { fence?: CheckpointFence | undefined }): CheckpointHooks;
  /** The run's completed steps (empty when none). */
  load(runId: string): Promise<ResumeState>;
  /** Writes one step entry. */
  save(runId: string, stepKey: string, entry: ResumeStateEntry): Promise<void>;
  /** Deletes the run's checkpoints; resolves whether any existed. */
  delete(runId: string): Promise<boolean>;
  /** Run ids with checkpoints (SCAN). */
  list(): Promise<string[]>;
}

// HSET only while the fencing token still holds the lock, so a stale holder cannot write.
const FENCED_HSET = `if redis.call("GET", KEYS[2]) ~= ARGV[3] then return 0 end
redis.call("HSET", KEYS[1], ARGV[1], ARGV[2])
if tonumber(ARGV[4]) > 0 then redis.call("EXPIRE", KEYS[1], ARGV[4]) end
return 1`;

/**
 * Creates a checkpointer: every keyed step's result is written to Redis as it completes, and the
 * next invocation for the same run id (in any process) replays them instead of running them again.
 * @example
 * const checkpoints = createRedisCheckpointer(redis);
 * const workflow = createWorkflow(deps, checkpoints.forRun("order-42"));
 * await workflow(async (step, deps) => step(() => deps.charge(42), { key: "charge" }));
 */
export function createRedisCheckpointer(
  redis: Redis,
  options: RedisCheckpointerOptions = {},
): RedisCheckpointer {
  const where = "createRedisCheckpointer";
  if (typeof redis !== "object" || redis === null || typeof redis.hset !== "function") {
    throw new TypeError(`${where}: expected an ioredis client, got ${String(redis)}`);
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
  const call = createBounded(timeoutMs);
  const hashOf = (runId: string): string => `${prefix}${runId}`;

  const write = (
    runId: string,
    stepKey: string,
    entry: ResumeStateEntry,
    fence: CheckpointFence | undefined,
  ): Promise<void> => {
    const hash = hashOf(runId);
    const value = JSON.stringify(serializeEntry(entry));
    if (fence !== undefined) return fencedWrite(hash, stepKey, value, fence, runId);
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

  const fencedWrite = async (
    hash: string,
    stepKey: string,
    value: string,
    fence: CheckpointFence,
    runId: string,
  ): Promise<void> => {
    const lease = "token" in fence ? fence : fence.lease;
    if (lease === undefined) throw new LockLostError(runId, "no lease is held for this run");
    lease.assertHeld();
    const written = await call("checkpoint.save", hash, () =>
      runScript(redis, FENCED_HSET, [hash, lease.redisKey], [stepKey, value, lease.token, ttl]),
    );
    if (Number(written) !== 1) throw new LockLostError(lease.key, "another holder has it");
  };

  const load = async (runId: string): Promise<ResumeState> => {
    const hash = hashOf(runId);
    const fields = await call("checkpoint.load", hash, () => redis.hgetall(hash));
    // Each field already holds entry JSON; splice them into the state wire format and parse once.
    const body = Object.entries(fields)
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
      const fence = runOptions?.fence;
      return {
        resumeState: () => load(runId),
        onAfterStep: (stepKey, result) => write(runId, stepKey, toEntry(result), fence),
      };
    },
    load,
    save: (runId, stepKey, entry) => write(runId, stepKey, entry, undefined),
    delete: (runId) =>
      call("checkpoint.delete", hashOf(runId), async () => (await redis.del(hashOf(runId))) > 0),
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
