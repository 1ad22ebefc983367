import type {
  CheckpointHooks as CoreCheckpointHooks,
  Checkpointer,
  CheckpointerRunOptions,
  FenceSource,
  ResumeStateEntry,
} from "@awaitly/core";
import {
  createCheckpointHooks,
  DEFAULT_MAX_STATE_BYTES,
  saveCheckpoint,
} from "@awaitly/persistence";
import { createRedisCheckpointIO } from "./internal/checkpoint-io";
import { positiveMs, stringOption, type RedisClient } from "./internal/call";
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
export type CheckpointFence = FenceSource<RedisLease>;

/**
 * Options of `RedisCheckpointer.forRun`: `fence` is the lock lease (or guard) that must hold for
 * each step to start and each checkpoint to land; `false` writes unfenced, so a process whose
 * lease ran out can overwrite a newer holder's checkpoints. Required.
 */
export type ForRunOptions = CheckpointerRunOptions<CheckpointFence>;

/** Per-step checkpoints of workflow runs in Redis, one hash per run (field = step key). */
export interface RedisCheckpointer extends Checkpointer<CheckpointFence> {
  /**
   * Hooks for `createWorkflow`. Fenced (the default, `fence` is required): each keyed step checks
   * the lease before it starts, and each write lands only while the lease holds and no newer
   * write of this holder landed; otherwise the run fails with `LockLostError`.
   */
  forRun(runId: string, options: ForRunOptions): CheckpointHooks;
  /** Writes one step entry, unfenced. */
  save(runId: string, stepKey: string, entry: ResumeStateEntry): Promise<void>;
  /** Run ids with checkpoints (SCAN; on a cluster, of every master). */
  list(): Promise<string[]>;
  /** Seconds a run's hash lives after its latest checkpoint (`0`: until deleted), as configured. */
  readonly ttl: number;
  /**
   * The Redis key of the run's hash (`prefix` + run id). On Redis Cluster a fenced write touches it
   * and the lock key in one script, so both must share a hash tag; callers check it with this.
   */
  keyOf(runId: string): string;
  /**
   * `true`: `forRun`'s `annex` field is written in the checkpoint's own script (its key must sit in
   * the slot of the run's hash and lock on Redis Cluster), only when the checkpoint lands.
   */
  readonly annexes: true;
}

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
  const io = createRedisCheckpointIO(redis, { prefix, ttl, timeoutMs, maxEntryBytes });
  return {
    forRun: (runId, runOptions) =>
      createCheckpointHooks(io, runId, { ...runOptions, caller: "RedisCheckpointer.forRun" }),
    annexes: true,
    ttl,
    load: io.load,
    save: (runId, stepKey, entry) => saveCheckpoint(io, runId, stepKey, entry, false),
    delete: io.delete,
    keyOf: io.keyOf,
    list: io.list,
  };
}
