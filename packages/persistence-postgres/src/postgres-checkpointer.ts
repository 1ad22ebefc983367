import type {
  CheckpointHooks as CoreCheckpointHooks,
  Checkpointer,
  Fence,
  FenceSource,
  ResumeState,
  ResumeStateEntry,
} from "@awaitly/core";
import { createCheckpointHooks, saveCheckpoint } from "@awaitly/persistence";
import type { Pool } from "pg";
import { createPostgresCheckpointIO } from "./internal/checkpoint-io";
import { byteLimit, checkPool, checkText } from "./internal/sql";
import type { PostgresLease } from "./postgres-lock";
import { resolveTables, type PostgresSchemaOptions } from "./schema";

/** Options for `createPostgresCheckpointer`. */
export interface PostgresCheckpointerOptions extends PostgresSchemaOptions {
  /** Largest serialised step entry written, in UTF-8 bytes (larger ones reject with `StateSerializeError`); `0` turns the limit off. Defaults to `1048576` (1 MiB). */
  maxEntryBytes?: number | undefined;
}

/** The defaults `createPostgresCheckpointer` applies (besides the schema options). */
export const DEFAULT_POSTGRES_CHECKPOINTER_OPTIONS = { maxEntryBytes: 1_048_576 } as const;

/** The options that checkpoint one run and resume it: core's `CheckpointHooks`. */
export type CheckpointHooks = CoreCheckpointHooks;

/**
 * A lease issued elsewhere (for example `@awaitly/bullmq`'s job lock): the checkpointer can only
 * check it on this process's clock before each step and write, not inside the database.
 */
export type ForeignLease = Fence;

/**
 * What fences a run's writes: a lease of this package's lock (checked inside each write), a guard
 * whose lease is read at write time, or a foreign lease (checked locally only). `false` opts out:
 * writes are then unconditional, so a stalled process can overwrite a newer holder's progress.
 */
export type CheckpointFence = FenceSource<PostgresLease | ForeignLease> | false;

/** How a run's writes are fenced (required: unfenced writes must be asked for with `fence: false`). */
export interface FenceOptions {
  fence: CheckpointFence;
}

/** Per-step checkpoints of workflow runs in PostgreSQL, one row per (run id, step key). */
export interface PostgresCheckpointer extends Checkpointer<Exclude<CheckpointFence, false>> {
  /** Hooks for `createWorkflow`; a fenced write fails with `LockLostError` once the lease is gone. */
  forRun(runId: string, options: FenceOptions): CheckpointHooks;
  /** The run's completed steps, in the order they were first written (empty when none). */
  load(runId: string): Promise<ResumeState>;
  /** Writes one step entry, fenced as `options` says. */
  save(
    runId: string,
    stepKey: string,
    entry: ResumeStateEntry,
    options: FenceOptions,
  ): Promise<void>;
  /** Run ids with checkpoints. */
  list(): Promise<string[]>;
  /**
   * Deletes every run whose latest checkpoint is older than `olderThanMs` (by the database clock):
   * finished or abandoned runs. PostgreSQL has no TTL; run it now and then. Resolves how many runs went.
   */
  purge(options: { olderThanMs: number }): Promise<number>;
}

/**
 * Creates a checkpointer: every keyed step's result is written to PostgreSQL as it completes (one
 * upsert, guarded by the lease's fencing token), and the next invocation for the same run id, in any
 * process, replays them instead of running them again.
 * @example
 * const guard = createPostgresLock(pool).guard("order-42", { waitMs: 30_000 });
 * const workflow = createWorkflow(deps, {
 *   ...createPostgresCheckpointer(pool).forRun("order-42", { fence: guard }),
 *   shouldRun: guard.shouldRun,
 * });
 */
export function createPostgresCheckpointer(
  pool: Pool,
  options: PostgresCheckpointerOptions = {},
): PostgresCheckpointer {
  const where = "createPostgresCheckpointer";
  checkPool(where, pool);
  const t = resolveTables(where, options);
  const maxEntryBytes = byteLimit(
    where,
    "maxEntryBytes",
    options.maxEntryBytes ?? DEFAULT_POSTGRES_CHECKPOINTER_OPTIONS.maxEntryBytes,
  );

  const io = createPostgresCheckpointIO(pool, t, maxEntryBytes);
  const checkFence = (where: string, options: FenceOptions | undefined): CheckpointFence => {
    const fence = options?.fence;
    if (fence === false || (typeof fence === "object" && fence !== null)) return fence;
    throw new TypeError(
      `${where}: option "fence" is required: a lease or lock guard, or false to write unfenced`,
    );
  };

  return {
    forRun: (runId, runOptions) =>
      createCheckpointHooks(io, checkText("PostgresCheckpointer.forRun", "runId", runId), {
        ...runOptions,
        caller: "PostgresCheckpointer.forRun",
      }),
    load: io.load,
    save: (runId, stepKey, entry, saveOptions) =>
      saveCheckpoint(
        io,
        checkText("PostgresCheckpointer.save", "runId", runId),
        stepKey,
        entry,
        checkFence("PostgresCheckpointer.save", saveOptions),
      ),
    delete: io.delete,
    purge(purgeOptions) {
      const olderThanMs = purgeOptions?.olderThanMs;
      if (typeof olderThanMs !== "number" || !Number.isFinite(olderThanMs) || olderThanMs < 0) {
        return Promise.reject(
          new RangeError(
            `PostgresCheckpointer.purge: "olderThanMs" must be a non-negative number of milliseconds, got ${String(olderThanMs)}`,
          ),
        );
      }
      return io.purge(olderThanMs);
    },
    list: io.list,
  };
}
