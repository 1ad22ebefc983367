import {
  err,
  type CheckpointHooks as CoreCheckpointHooks,
  hasType,
  type Result,
  type ResumeState,
  type ResumeStateEntry,
  type StepFailureMeta,
} from "@awaitly/core";
import { parseState, stringifyEntry } from "@awaitly/persistence";
import type { Pool } from "pg";
import { LockLostError } from "./errors";
import { byteLimit, checkPool, checkText, run, statementName } from "./internal/sql";
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
export interface ForeignLease {
  readonly key: string;
  readonly token: string;
  readonly lost: boolean;
  assertHeld(): void;
}

/**
 * What fences a run's writes: a lease of this package's lock (checked inside each write), a guard
 * whose lease is read at write time, or a foreign lease (checked locally only). `false` opts out:
 * writes are then unconditional, so a stalled process can overwrite a newer holder's progress.
 */
export type CheckpointFence =
  { readonly lease: PostgresLease | undefined } | PostgresLease | ForeignLease | false;

/** How a run's writes are fenced (required: unfenced writes must be asked for with `fence: false`). */
export interface FenceOptions {
  fence: CheckpointFence;
}

/** Per-step checkpoints of workflow runs in PostgreSQL, one row per (run id, step key). */
export interface PostgresCheckpointer {
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
  /** Deletes the run's checkpoints; resolves whether any existed. */
  delete(runId: string): Promise<boolean>;
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

  // The row is written only while the lock row still carries this token and is unexpired. FOR SHARE
  // makes a takeover wait for this write (and this write re-check a takeover that committed first),
  // and the fence comparison stops a late write from replacing one made under a newer token.
  const fencedUpsert = `INSERT INTO ${t.checkpoints} AS c (run_id, step_key, entry, fence)
    SELECT $1, $2, $3, l.token FROM ${t.locks} l
    WHERE l.name = $4 AND l.token = $5::bigint AND l.expires_at > clock_timestamp()
    FOR SHARE OF l
    ON CONFLICT (run_id, step_key) DO UPDATE
      SET entry = excluded.entry, fence = excluded.fence, written_at = excluded.written_at
      WHERE c.fence <= excluded.fence`;
  const plainUpsert = `INSERT INTO ${t.checkpoints} (run_id, step_key, entry) VALUES ($1, $2, $3)
    ON CONFLICT (run_id, step_key) DO UPDATE SET entry = excluded.entry, written_at = excluded.written_at`;
  const loadRun = `SELECT step_key, entry FROM ${t.checkpoints} WHERE run_id = $1 ORDER BY seq`;
  // The same fence as the upsert: the lock row must still carry this token, unexpired (FOR SHARE
  // orders the deletion against a takeover), and a row written under a newer token stays.
  const fencedDelete = `WITH held AS (
      SELECT l.token FROM ${t.locks} l
      WHERE l.name = $3 AND l.token = $4::bigint AND l.expires_at > clock_timestamp()
      FOR SHARE OF l
    ), gone AS (
      DELETE FROM ${t.checkpoints} c USING held
      WHERE c.run_id = $1 AND c.step_key = $2 AND c.fence <= held.token
    )
    SELECT count(*)::int AS held FROM held`;
  const plainDelete = `DELETE FROM ${t.checkpoints} WHERE run_id = $1 AND step_key = $2`;
  const names = {
    fenced: statementName(fencedUpsert),
    plain: statementName(plainUpsert),
    load: statementName(loadRun),
    fencedDelete: statementName(fencedDelete),
    plainDelete: statementName(plainDelete),
  };

  // The lease a write or deletion is fenced by in SQL, or undefined when it goes unfenced: no
  // fence, or a foreign lease (held on this process's clock a moment ago; the database cannot
  // check it).
  const sqlLease = (fence: CheckpointFence, runId: string) => {
    if (fence === false) return undefined;
    const lease = heldLease(fence, runId);
    if (!("lockTable" in lease)) return undefined;
    if (lease.lockTable !== t.locks) {
      throw new TypeError(
        `PostgresCheckpointer: the lease lives in ${lease.lockTable} but this checkpointer fences against ${t.locks}; give the lock and the checkpointer the same schema and tablePrefix`,
      );
    }
    return lease;
  };

  const write = async (
    runId: string,
    stepKey: string,
    entry: ResumeStateEntry,
    fence: CheckpointFence,
  ): Promise<void> => {
    checkText("PostgresCheckpointer", "step key", stepKey);
    // Typed StateSerializeError for deep nesting, BigInt/cycles and entries over the limit.
    const value = stringifyEntry(entry, { maxBytes: maxEntryBytes });
    const lease = sqlLease(fence, runId);
    if (lease === undefined) {
      await run(pool, "checkpoint.save", runId, plainUpsert, [runId, stepKey, value], names.plain);
      return;
    }
    const { rowCount } = await run(
      pool,
      "checkpoint.save",
      runId,
      fencedUpsert,
      [runId, stepKey, value, lease.key, lease.token],
      names.fenced,
    );
    if (rowCount !== 1) {
      throw new LockLostError(lease.key, "its lease expired or a newer holder has written");
    }
  };

  const forget = async (runId: string, stepKey: string, fence: CheckpointFence): Promise<void> => {
    checkText("PostgresCheckpointer", "step key", stepKey);
    const lease = sqlLease(fence, runId);
    if (lease === undefined) {
      await run(pool, "checkpoint.delete", runId, plainDelete, [runId, stepKey], names.plainDelete);
      return;
    }
    const { rows } = await run<{ held: number }>(
      pool,
      "checkpoint.delete",
      runId,
      fencedDelete,
      [runId, stepKey, lease.key, lease.token],
      names.fencedDelete,
    );
    if (rows[0]?.held !== 1) {
      throw new LockLostError(lease.key, "its lease expired or a newer holder has it");
    }
  };

  const load = async (runId: string): Promise<ResumeState> => {
    checkText("PostgresCheckpointer.load", "runId", runId);
    const { rows } = await run<{ step_key: string; entry: string }>(
      pool,
      "checkpoint.load",
      runId,
      loadRun,
      [runId],
      names.load,
    );
    // Each row already holds entry JSON; splice them into the state wire format and parse once.
    const body = rows.map((row) => `${JSON.stringify(row.step_key)}:${row.entry}`).join(",");
    return parseState(`{"version":1,"entries":{${body}}}`);
  };

  const checkFence = (where: string, options: FenceOptions | undefined): CheckpointFence => {
    const fence = options?.fence;
    if (fence === false || (typeof fence === "object" && fence !== null)) return fence;
    throw new TypeError(
      `${where}: option "fence" is required: a lease or lock guard, or false to write unfenced`,
    );
  };

  return {
    forRun(runId, runOptions) {
      if (typeof runId !== "string" || runId === "") {
        throw new TypeError(
          `PostgresCheckpointer.forRun: runId must be a non-empty string, got ${String(runId)}`,
        );
      }
      checkText("PostgresCheckpointer.forRun", "runId", runId);
      const fence = checkFence("PostgresCheckpointer.forRun", runOptions);
      return {
        resumeState: () => load(runId),
        // One local check per step: a holder whose lease ran out starts no new side effect.
        onBeforeStep: fence === false ? undefined : () => void heldLease(fence, runId),
        // Only finished steps count: a failed one runs again on resume. A pending approval is kept,
        // so saving its approved value resumes the run past the gate.
        onAfterStep: (stepKey, result) =>
          result.ok || hasType(result.error, "PENDING_APPROVAL")
            ? write(runId, stepKey, toEntry(result), fence)
            : Promise.resolve(),
        onStepInvalidated: (stepKey) => forget(runId, stepKey, fence),
      };
    },
    load,
    save: (runId, stepKey, entry, saveOptions) =>
      write(
        checkText("PostgresCheckpointer.save", "runId", runId),
        stepKey,
        entry,
        checkFence("PostgresCheckpointer.save", saveOptions),
      ),
    async delete(runId) {
      const { rowCount } = await run(
        pool,
        "checkpoint.delete",
        runId,
        `DELETE FROM ${t.checkpoints} WHERE run_id = $1`,
        [checkText("PostgresCheckpointer.delete", "runId", runId)],
      );
      return (rowCount ?? 0) > 0;
    },
    async purge(purgeOptions) {
      const olderThanMs = purgeOptions?.olderThanMs;
      if (typeof olderThanMs !== "number" || !Number.isFinite(olderThanMs) || olderThanMs < 0) {
        throw new RangeError(
          `PostgresCheckpointer.purge: "olderThanMs" must be a non-negative number of milliseconds, got ${String(olderThanMs)}`,
        );
      }
      const { rows } = await run<{ runs: string }>(
        pool,
        "checkpoint.delete",
        undefined,
        `WITH stale AS (
           SELECT run_id FROM ${t.checkpoints} GROUP BY run_id
           HAVING max(written_at) < clock_timestamp() - $1::float8 * interval '1 millisecond'
         ), gone AS (
           DELETE FROM ${t.checkpoints} c USING stale WHERE c.run_id = stale.run_id RETURNING c.run_id
         )
         SELECT count(DISTINCT run_id)::text AS runs FROM gone`,
        [olderThanMs],
      );
      return Number(rows[0]?.runs ?? 0);
    },
    async list() {
      const { rows } = await run<{ run_id: string }>(
        pool,
        "checkpoint.list",
        undefined,
        `SELECT DISTINCT run_id FROM ${t.checkpoints} ORDER BY run_id`,
        [],
      );
      return rows.map((row) => row.run_id);
    },
  };
}

// The fence's lease, checked on this process's clock; throws LockLostError when it is not held.
function heldLease(
  fence: Exclude<CheckpointFence, false>,
  runId: string,
): PostgresLease | ForeignLease {
  const lease = "token" in fence ? fence : fence.lease;
  if (lease === undefined) throw new LockLostError(runId, "no lease is held for this run");
  lease.assertHeld();
  return lease;
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
