import type { SavedWorkflowState, WorkflowStateStore } from "@awaitly/core";
import { parseState, stringifyState } from "@awaitly/persistence";
import type { Pool } from "pg";
import { byteLimit, checkPool, checkText, run } from "./internal/sql";
import { resolveTables, type PostgresSchemaOptions } from "./schema";

/** Options for `createPostgresWorkflowStateStore`. */
export interface PostgresWorkflowStateStoreOptions extends PostgresSchemaOptions {
  /** Largest serialised resume state saved, in UTF-8 bytes (larger ones reject with `StateSerializeError`); `0` turns the limit off. Defaults to `10485760` (10 MiB). */
  maxStateBytes?: number | undefined;
}

/** The defaults `createPostgresWorkflowStateStore` applies (besides the schema options). */
export const DEFAULT_POSTGRES_WORKFLOW_STATE_STORE_OPTIONS = { maxStateBytes: 10_485_760 } as const;

/** A paused run: core's (and `@awaitly/hitl`'s) `SavedWorkflowState`. */
export type PostgresSavedWorkflowState = SavedWorkflowState;

/** A workflow state store on PostgreSQL: core's (and `@awaitly/hitl`'s) `WorkflowStateStore`. */
export type PostgresWorkflowStateStore = WorkflowStateStore;

type Row = {
  run_id: string;
  workflow_name: string;
  pending: string[];
  steps: string;
  input: string | null;
  metadata: string | null;
  started_at: string;
  updated_at: string;
};

/**
 * Creates `@awaitly/hitl`'s `WorkflowStateStore` on one PostgreSQL row per paused run: steps in the
 * `stringifyState` format (Error causes survive), pending approvals in an indexed `text[]`, so
 * `findByPendingApproval` and `list` are single indexed queries rather than reads of every run.
 * @example
 * const orchestrator = createHITLOrchestrator({
 *   approvalStore: createPostgresApprovalStore(pool),
 *   workflowStateStore: createPostgresWorkflowStateStore(pool),
 * });
 */
export function createPostgresWorkflowStateStore(
  pool: Pool,
  options: PostgresWorkflowStateStoreOptions = {},
): PostgresWorkflowStateStore {
  const where = "createPostgresWorkflowStateStore";
  checkPool(where, pool);
  const t = resolveTables(where, options);
  const maxStateBytes = byteLimit(
    where,
    "maxStateBytes",
    options.maxStateBytes ?? DEFAULT_POSTGRES_WORKFLOW_STATE_STORE_OPTIONS.maxStateBytes,
  );
  const id = (runId: unknown): string => checkText("WorkflowStateStore", "runId", runId);
  const json = (value: unknown): string | null =>
    value === undefined ? null : (JSON.stringify(value) ?? null);

  return {
    async save(state) {
      for (const key of state.pendingApprovals)
        checkText("WorkflowStateStore.save", "approval key", key);
      const steps = stringifyState(state.resumeState, { maxBytes: maxStateBytes });
      await run(
        pool,
        "state.save",
        state.runId,
        `INSERT INTO ${t.workflowStates}
           (run_id, workflow_name, pending, steps, input, metadata, started_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (run_id) DO UPDATE SET workflow_name = excluded.workflow_name,
           pending = excluded.pending, steps = excluded.steps, input = excluded.input,
           metadata = excluded.metadata, started_at = excluded.started_at, updated_at = excluded.updated_at`,
        [
          id(state.runId),
          checkText("WorkflowStateStore.save", "workflowName", state.workflowName),
          state.pendingApprovals,
          steps,
          json(state.input),
          json(state.metadata),
          state.startedAt,
          Date.now(),
        ],
      );
    },

    async load(runId) {
      const { rows } = await run<Row>(
        pool,
        "state.load",
        runId,
        `SELECT run_id, workflow_name, pending, steps, input, metadata,
                started_at::text AS started_at, updated_at::text AS updated_at
         FROM ${t.workflowStates} WHERE run_id = $1`,
        [id(runId)],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const state: PostgresSavedWorkflowState = {
        runId: row.run_id,
        workflowName: row.workflow_name,
        resumeState: parseState(row.steps),
        pendingApprovals: row.pending,
        startedAt: Number(row.started_at),
        updatedAt: Number(row.updated_at),
      };
      if (row.input !== null) state.input = JSON.parse(row.input) as unknown;
      if (row.metadata !== null)
        state.metadata = JSON.parse(row.metadata) as Record<string, unknown>;
      return state;
    },

    async delete(runId) {
      await run(pool, "state.delete", runId, `DELETE FROM ${t.workflowStates} WHERE run_id = $1`, [
        id(runId),
      ]);
    },

    async list(listOptions) {
      const name = listOptions?.workflowName;
      const pending = listOptions?.hasPendingApprovals;
      const { rows } = await run<{ run_id: string }>(
        pool,
        "state.list",
        undefined,
        `SELECT run_id FROM ${t.workflowStates}
         WHERE ($1::text IS NULL OR workflow_name = $1)
           AND ($2::boolean IS NULL OR (cardinality(pending) > 0) = $2)
         ORDER BY started_at, run_id`,
        [name ? name : null, pending ?? null],
      );
      return rows.map((row) => row.run_id);
    },

    async findByPendingApproval(approvalKey) {
      const { rows } = await run<{ run_id: string }>(
        pool,
        "state.list",
        approvalKey,
        `SELECT run_id FROM ${t.workflowStates} WHERE pending @> ARRAY[$1::text] ORDER BY started_at, run_id`,
        [checkText("WorkflowStateStore.findByPendingApproval", "approval key", approvalKey)],
      );
      return rows.map((row) => row.run_id);
    },
  };
}
