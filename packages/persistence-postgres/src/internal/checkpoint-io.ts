import type { CheckpointIO, CheckpointWriteStatus, Fence, ResumeState } from "@awaitly/core";
import { parseState, stringifyEntry } from "@awaitly/persistence";
import type { Pool } from "pg";
import type { PostgresLease } from "../postgres-lock";
import { checkText, run, statementName, type Tables } from "./sql";

/**
 * @internal The PostgreSQL side of a checkpointer: one row per (run id, step key). A change fenced
 * by a lease of this package's lock is checked in its one statement; a foreign lease (held on
 * this process's clock a moment ago) cannot be checked in the database, so its change is plain.
 */
export function createPostgresCheckpointIO(
  pool: Pool,
  t: Tables,
  maxEntryBytes: number,
): CheckpointIO & { purge: (olderThanMs: number) => Promise<number> } {
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

  // The lease a change is fenced by in SQL, or undefined when it goes unfenced.
  const sqlLease = (fence: Fence | undefined): PostgresLease | undefined => {
    if (fence === undefined || !("lockTable" in fence)) return undefined;
    const lease = fence as PostgresLease;
    if (lease.lockTable !== t.locks) {
      throw new TypeError(
        `PostgresCheckpointer: the lease lives in ${lease.lockTable} but this checkpointer fences against ${t.locks}; give the lock and the checkpointer the same schema and tablePrefix`,
      );
    }
    return lease;
  };

  return {
    async load(runId): Promise<ResumeState> {
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
    },

    async write(runId, stepKey, entry, fence): Promise<CheckpointWriteStatus> {
      checkText("PostgresCheckpointer", "step key", stepKey);
      // Typed StateSerializeError for deep nesting, BigInt/cycles and entries over the limit.
      const value = stringifyEntry(entry, { maxBytes: maxEntryBytes });
      const lease = sqlLease(fence);
      if (lease === undefined) {
        await run(
          pool,
          "checkpoint.save",
          runId,
          plainUpsert,
          [runId, stepKey, value],
          names.plain,
        );
        return "written";
      }
      const { rowCount } = await run(
        pool,
        "checkpoint.save",
        runId,
        fencedUpsert,
        [runId, stepKey, value, lease.key, lease.token],
        names.fenced,
      );
      return rowCount === 1 ? "written" : "lost";
    },

    async remove(runId, stepKey, fence): Promise<CheckpointWriteStatus> {
      checkText("PostgresCheckpointer", "step key", stepKey);
      const lease = sqlLease(fence);
      if (lease === undefined) {
        await run(
          pool,
          "checkpoint.delete",
          runId,
          plainDelete,
          [runId, stepKey],
          names.plainDelete,
        );
        return "written";
      }
      const { rows } = await run<{ held: number }>(
        pool,
        "checkpoint.delete",
        runId,
        fencedDelete,
        [runId, stepKey, lease.key, lease.token],
        names.fencedDelete,
      );
      return rows[0]?.held === 1 ? "written" : "lost";
    },

    async delete(runId): Promise<boolean> {
      const { rowCount } = await run(
        pool,
        "checkpoint.delete",
        runId,
        `DELETE FROM ${t.checkpoints} WHERE run_id = $1`,
        [checkText("PostgresCheckpointer.delete", "runId", runId)],
      );
      return (rowCount ?? 0) > 0;
    },

    async list(): Promise<string[]> {
      const { rows } = await run<{ run_id: string }>(
        pool,
        "checkpoint.list",
        undefined,
        `SELECT DISTINCT run_id FROM ${t.checkpoints} ORDER BY run_id`,
        [],
      );
      return rows.map((row) => row.run_id);
    },

    async purge(olderThanMs): Promise<number> {
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
  };
}
