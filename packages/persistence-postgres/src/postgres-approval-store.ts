import type { ApprovalStatus, ApprovalStore } from "@awaitly/core";
import type { Pool } from "pg";
import { ApprovalStateError, ApprovalValueError } from "./internal/approval-state-error";
import { byteLimit, checkPool, checkText, likeLiteral, run } from "./internal/sql";
import { resolveTables, type PostgresSchemaOptions } from "./schema";

export type { ApprovalStatus };

/** Options for `createPostgresApprovalStore`. */
export interface PostgresApprovalStoreOptions extends PostgresSchemaOptions {
  /** Largest approval `value` accepted, serialised, in UTF-8 bytes (larger ones reject with hitl's `ApprovalValueError`); `0` turns the limit off. Defaults to `65536`. */
  maxValueBytes?: number | undefined;
}

/** The defaults `createPostgresApprovalStore` applies (besides the schema options). */
export const DEFAULT_POSTGRES_APPROVAL_STORE_OPTIONS = { maxValueBytes: 65_536 } as const;

/** An approval store on PostgreSQL: core's (and `@awaitly/hitl`'s) `ApprovalStore`. */
export type PostgresApprovalStore = ApprovalStore;

type Row = {
  status: "pending" | "approved" | "rejected";
  record: string;
  expires_at: string | null;
};

/**
 * Creates `@awaitly/hitl`'s `ApprovalStore` on PostgreSQL. Deciding is one
 * `UPDATE … WHERE status = 'pending' … RETURNING`, so of any number of concurrent deciders exactly
 * one wins and the others get hitl's `ApprovalStateError` (`ALREADY_DECIDED`). Expiry uses the
 * caller's clock, as `expiresAt` does.
 * @example
 * const orchestrator = createHITLOrchestrator({ approvalStore: createPostgresApprovalStore(pool), workflowStateStore });
 */
export function createPostgresApprovalStore(
  pool: Pool,
  options: PostgresApprovalStoreOptions = {},
): PostgresApprovalStore {
  const where = "createPostgresApprovalStore";
  checkPool(where, pool);
  const t = resolveTables(where, options);
  const maxValueBytes = byteLimit(
    where,
    "maxValueBytes",
    options.maxValueBytes ?? DEFAULT_POSTGRES_APPROVAL_STORE_OPTIONS.maxValueBytes,
  );
  const key = (k: unknown): string => checkText("ApprovalStore", "key", k);
  const open = `status = 'pending' AND (expires_at IS NULL OR expires_at >= $2::bigint)`;

  const read = async (
    k: string,
    operation: "approval.get" | "approval.decide" | "approval.cancel",
  ): Promise<ApprovalStatus> => {
    const { rows } = await run<Row>(
      pool,
      operation,
      k,
      `SELECT status, record, expires_at::text AS expires_at FROM ${t.approvals} WHERE key = $1`,
      [k],
    );
    return toStatus(rows[0], Date.now());
  };

  const refuse = async (
    k: string,
    operation: "approval.decide" | "approval.cancel",
  ): Promise<never> => {
    const current = await read(k, operation);
    if (current.status === "not_found") throw new ApprovalStateError("NOT_FOUND", k, current);
    if (current.status === "expired") throw new ApprovalStateError("EXPIRED", k, current);
    throw new ApprovalStateError("ALREADY_DECIDED", k, current);
  };

  const decide = async (
    k: string,
    status: "approved" | "rejected",
    record: string,
  ): Promise<void> => {
    const { rowCount } = await run(
      pool,
      "approval.decide",
      k,
      `UPDATE ${t.approvals} SET status = $3, record = $4, expires_at = NULL
       WHERE key = $1 AND ${open} RETURNING key`,
      [k, Date.now(), status, record],
    );
    if (rowCount !== 1) await refuse(k, "approval.decide");
  };

  return {
    getApproval: (k) => read(key(k), "approval.get"),

    async createApproval(k, createOptions) {
      const expiresAt = createOptions?.expiresAt;
      if (expiresAt !== undefined && !Number.isFinite(expiresAt)) {
        throw new RangeError(
          `ApprovalStore.createApproval: "expiresAt" must be epoch ms, got ${String(expiresAt)}`,
        );
      }
      const record = JSON.stringify({
        status: "pending",
        metadata: createOptions?.metadata,
        expiresAt,
      });
      // A new or expired request (re)opens; a pending or decided one stays as it is.
      await run(
        pool,
        "approval.create",
        k,
        `INSERT INTO ${t.approvals} AS a (key, status, record, expires_at) VALUES ($1, 'pending', $3, $4)
         ON CONFLICT (key) DO UPDATE
           SET status = 'pending', record = excluded.record, expires_at = excluded.expires_at,
               seq = nextval('${t.order}')
           WHERE a.status = 'pending' AND a.expires_at IS NOT NULL AND a.expires_at < $2::bigint`,
        [key(k), Date.now(), record, expiresAt === undefined ? null : Math.floor(expiresAt)],
      );
    },

    async grantApproval(k, value, grantOptions) {
      key(k);
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch (cause) {
        throw new ApprovalValueError("unserializable", k, maxValueBytes, { cause });
      }
      const bytes = text === undefined ? 0 : Buffer.byteLength(text, "utf8");
      if (maxValueBytes > 0 && bytes > maxValueBytes) {
        throw new ApprovalValueError("too-large", k, maxValueBytes, { sizeBytes: bytes });
      }
      const record = JSON.stringify({
        status: "approved",
        value,
        approvedBy: grantOptions?.approvedBy,
        approvedAt: Date.now(),
      });
      await decide(k, "approved", record);
    },

    async rejectApproval(k, reason, rejectOptions) {
      key(k);
      const record = JSON.stringify({
        status: "rejected",
        reason,
        rejectedBy: rejectOptions?.rejectedBy,
        rejectedAt: Date.now(),
      });
      await decide(k, "rejected", record);
    },

    async cancelApproval(k) {
      const { rowCount } = await run(
        pool,
        "approval.cancel",
        k,
        `DELETE FROM ${t.approvals} WHERE key = $1 AND status = 'pending'`,
        [key(k)],
      );
      if (rowCount !== 1) await refuse(k, "approval.cancel");
    },

    async listPending(listOptions) {
      const prefix = listOptions?.prefix ?? "";
      checkText("ApprovalStore.listPending", "prefix", prefix);
      const { rows } = await run<{ key: string }>(
        pool,
        "approval.list",
        prefix,
        `SELECT key FROM ${t.approvals} WHERE key LIKE $1 ESCAPE '\\' AND ${open} ORDER BY seq`,
        [`${likeLiteral(prefix)}%`, Date.now()],
      );
      return rows.map((row) => row.key);
    },
  };
}

function toStatus(row: Row | undefined, now: number): ApprovalStatus {
  if (row === undefined) return { status: "not_found" };
  const record = JSON.parse(row.record) as ApprovalStatus;
  if (row.status === "pending" && row.expires_at !== null && now > Number(row.expires_at)) {
    return { status: "expired", expiredAt: Number(row.expires_at) };
  }
  return record;
}
