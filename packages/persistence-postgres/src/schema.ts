import type { Pool } from "pg";
import { PostgresPersistenceError } from "./errors";
import { checkPool, tablesOf, type Tables } from "./internal/sql";

/** Where the package's tables live. */
export interface PostgresSchemaOptions {
  /** PostgreSQL schema holding the tables (created if missing by `createSchema`). Defaults to `"public"`. */
  schema?: string | undefined;
  /** Prepended to every table and sequence name. Defaults to `"awaitly_"`. */
  tablePrefix?: string | undefined;
}

/** The defaults every `@awaitly/persistence-postgres` factory applies to `schema` and `tablePrefix`. */
export const DEFAULT_POSTGRES_SCHEMA_OPTIONS = {
  schema: "public",
  tablePrefix: "awaitly_",
} as const;

/** @internal Resolves and validates the schema options of one factory. */
export function resolveTables(where: string, options: PostgresSchemaOptions): Tables {
  return tablesOf(
    where,
    options.schema ?? DEFAULT_POSTGRES_SCHEMA_OPTIONS.schema,
    options.tablePrefix ?? DEFAULT_POSTGRES_SCHEMA_OPTIONS.tablePrefix,
  );
}

/**
 * The migration as SQL text: run it yourself (psql, your migration tool) or through `createSchema`.
 * It only creates what is missing (`IF NOT EXISTS`); nothing in this package alters tables at run time.
 * @example
 * fs.writeFileSync("migrations/001_awaitly.sql", schemaSql({ schema: "jobs" }));
 */
export function schemaSql(options: PostgresSchemaOptions = {}): string {
  const t = resolveTables("schemaSql", options);
  // "public" always exists, and creating it would need CREATE on the database even when it does.
  const createSchemaSql =
    t.schema === '"public"' ? "" : `CREATE SCHEMA IF NOT EXISTS ${t.schema};\n\n`;
  return `${createSchemaSql}-- Fencing tokens: every lock acquisition draws the next value, so a later holder always has a larger token.
CREATE SEQUENCE IF NOT EXISTS ${t.fence};
-- Insertion order of checkpoints and approvals.
CREATE SEQUENCE IF NOT EXISTS ${t.order};

CREATE TABLE IF NOT EXISTS ${t.kv} (
  key        text PRIMARY KEY,
  value      bytea NOT NULL,
  expires_at timestamptz
);
CREATE INDEX IF NOT EXISTS ${t.index("kv_expires_idx")} ON ${t.kv} (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS ${t.checkpoints} (
  run_id     text        NOT NULL,
  step_key   text        NOT NULL,
  entry      text        NOT NULL,
  fence      bigint      NOT NULL DEFAULT 0,
  seq        bigint      NOT NULL DEFAULT nextval('${t.order}'),
  written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (run_id, step_key)
);

CREATE TABLE IF NOT EXISTS ${t.locks} (
  name       text PRIMARY KEY,
  token      bigint NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS ${t.approvals} (
  key        text PRIMARY KEY,
  status     text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  record     text NOT NULL,
  expires_at bigint,
  seq        bigint NOT NULL DEFAULT nextval('${t.order}')
);
CREATE INDEX IF NOT EXISTS ${t.index("approvals_pending_idx")} ON ${t.approvals} (seq) WHERE status = 'pending';

CREATE TABLE IF NOT EXISTS ${t.workflowStates} (
  run_id        text   PRIMARY KEY,
  workflow_name text   NOT NULL,
  pending       text[] NOT NULL,
  steps         text   NOT NULL,
  input         text,
  metadata      text,
  started_at    bigint NOT NULL,
  updated_at    bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS ${t.index("workflow_states_pending_idx")} ON ${t.workflowStates} USING gin (pending);
`;
}

/**
 * Runs `schemaSql(options)` in one transaction. Safe to run again: it only creates what is missing.
 * @example
 * await createSchema(pool);
 */
export async function createSchema(pool: Pool, options: PostgresSchemaOptions = {}): Promise<void> {
  const sql = schemaSql(options);
  const client = await checkPool("createSchema", pool).connect();
  try {
    // Simple-protocol query: several statements, one implicit transaction.
    await client.query(`BEGIN;${sql}COMMIT;`);
  } catch (cause) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new PostgresPersistenceError("schema.create", undefined, { cause });
  } finally {
    client.release();
  }
}
