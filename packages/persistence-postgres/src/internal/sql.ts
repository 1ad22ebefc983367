import type { Pool, QueryResult, QueryResultRow } from "pg";
import { assertWellFormedText } from "@awaitly/persistence";
import { PostgresPersistenceError, type PostgresOperation } from "../errors";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;

/** @internal The quoted names of every object the package owns. */
export interface Tables {
  schema: string;
  kv: string;
  checkpoints: string;
  locks: string;
  approvals: string;
  workflowStates: string;
  fence: string;
  order: string;
  /** Unqualified, quoted name for an index of this package (indexes live in their table's schema). */
  index: (name: string) => string;
}

/** @internal Validates `schema`/`tablePrefix` (plain identifiers only: they are spliced into SQL) and quotes them. */
export function tablesOf(where: string, schema: unknown, tablePrefix: unknown): Tables {
  if (typeof schema !== "string" || !IDENTIFIER.test(schema)) {
    throw new TypeError(
      `${where}: option "schema" must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*), got ${String(schema)}`,
    );
  }
  if (typeof tablePrefix !== "string" || !(tablePrefix === "" || IDENTIFIER.test(tablePrefix))) {
    throw new TypeError(
      `${where}: option "tablePrefix" must be empty or a plain identifier, got ${String(tablePrefix)}`,
    );
  }
  const name = (table: string): string => `"${schema}"."${tablePrefix}${table}"`;
  return {
    schema: `"${schema}"`,
    kv: name("kv"),
    checkpoints: name("checkpoints"),
    locks: name("locks"),
    approvals: name("approvals"),
    workflowStates: name("workflow_states"),
    fence: name("fence_seq"),
    order: name("order_seq"),
    index: (index) => `"${tablePrefix}${index}"`,
  };
}

/** @internal Runs one statement, wrapping any failure in a `PostgresPersistenceError`. */
export function run<R extends QueryResultRow>(
  pool: Pool,
  operation: PostgresOperation,
  key: string | undefined,
  text: string,
  values: unknown[],
  name?: string,
): Promise<QueryResult<R>> {
  const query =
    name === undefined ? pool.query<R>(text, values) : pool.query<R>({ name, text, values });
  return query.catch((cause: unknown) => {
    throw new PostgresPersistenceError(operation, key, { cause });
  });
}

/**
 * @internal A prepared-statement name for `text` (FNV-1a of the text), for the per-step statements:
 * each pooled connection parses and plans them once instead of on every step.
 */
export function statementName(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `awaitly_${(hash >>> 0).toString(36)}_${text.length.toString(36)}`;
}

/** @internal Throws a TypeError for a value PostgreSQL `text` cannot hold (NUL) or that is not a string. */
export function checkText(where: string, what: string, value: unknown): string {
  const text = assertWellFormedText(where, what, value);
  if (text.includes("\u0000")) {
    throw new TypeError(
      `${where}: ${what} contains a NUL character, which PostgreSQL text cannot store`,
    );
  }
  return text;
}

/** @internal Checks a pool-like first argument. */
export function checkPool(where: string, pool: unknown): Pool {
  if (typeof pool !== "object" || pool === null || typeof (pool as Pool).query !== "function") {
    throw new TypeError(`${where}: expected a pg.Pool, got ${String(pool)}`);
  }
  return pool as Pool;
}

/** @internal Validates a positive finite millisecond option. */
export function positiveMs(where: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `${where}: option "${name}" must be a positive number of milliseconds, got ${String(value)}`,
    );
  }
  return value;
}

/** @internal Validates a byte-limit option (`0` turns the limit off). */
export function byteLimit(where: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `${where}: option "${name}" must be a non-negative integer of bytes (0 = no limit), got ${String(value)}`,
    );
  }
  return value;
}

/** @internal Escapes LIKE metacharacters so `text` matches literally (escape character `\`). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
