import { hasType } from "@awaitly/core";

/** The PostgreSQL-backed operation that failed. */
export type PostgresOperation =
  | "schema.create"
  | "get"
  | "set"
  | "delete"
  | "exists"
  | "keys"
  | "purge"
  | "checkpoint.save"
  | "checkpoint.load"
  | "checkpoint.delete"
  | "checkpoint.list"
  | "lock.acquire"
  | "lock.renew"
  | "lock.release"
  | "approval.get"
  | "approval.create"
  | "approval.decide"
  | "approval.cancel"
  | "approval.list"
  | "state.save"
  | "state.load"
  | "state.delete"
  | "state.list";

// SQLSTATE 42P01 (undefined_table) and 3F000 (invalid_schema_name): the migration has not run.
const MISSING_SCHEMA = new Set(["42P01", "3F000"]);

/** A PostgreSQL query failed; `operation` names the call and `code` is the SQLSTATE when there is one. */
export class PostgresPersistenceError extends Error {
  readonly type = "POSTGRES_PERSISTENCE_ERROR" as const;
  override readonly name = "PostgresPersistenceError";
  readonly operation: PostgresOperation;
  readonly key: string | undefined;
  /** The SQLSTATE of the failed query (`"42P01"`: a table is missing), when PostgreSQL sent one. */
  readonly code: string | undefined;

  constructor(operation: PostgresOperation, key: string | undefined, options: { cause: unknown }) {
    const code = sqlState(options.cause);
    const what = key === undefined ? operation : `${operation} (${key})`;
    const hint =
      code !== undefined && MISSING_SCHEMA.has(code)
        ? "; the tables do not exist: run createSchema() (or the SQL from schemaSql()) once before use"
        : "";
    super(`PostgreSQL ${what} failed: ${describe(options.cause)}${hint}`, options);
    this.operation = operation;
    this.key = key;
    this.code = code;
  }
}

/** True when `error` is a `PostgresPersistenceError` (checks `type`). */
export function isPostgresPersistenceError(error: unknown): error is PostgresPersistenceError {
  return hasType(error, "POSTGRES_PERSISTENCE_ERROR");
}

// One error for every store's lock, so `instanceof` and the guard agree across adapters.
export { LockLostError, isLockLostError } from "@awaitly/persistence";

/** A value is larger than the configured limit and was not written. */
export class ValueTooLargeError extends Error {
  readonly type = "VALUE_TOO_LARGE" as const;
  override readonly name = "ValueTooLargeError";
  readonly key: string;
  /** Serialised size in UTF-8 bytes. */
  readonly bytes: number;
  readonly limit: number;

  constructor(key: string, bytes: number, limit: number) {
    super(
      `Value for "${key}" is ${String(bytes)} bytes, over the ${String(limit)}-byte limit; store less or raise the limit option`,
    );
    this.key = key;
    this.bytes = bytes;
    this.limit = limit;
  }
}

/** True when `error` is a `ValueTooLargeError` (checks `type`). */
export function isValueTooLargeError(error: unknown): error is ValueTooLargeError {
  return hasType(error, "VALUE_TOO_LARGE");
}

function sqlState(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
