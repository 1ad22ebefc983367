import { assertWellFormedText } from "@awaitly/persistence";
import type { KeyValueSetOptions, KeyValueStore } from "@awaitly/core";
import type { Pool } from "pg";
import { ValueTooLargeError } from "./errors";
import { byteLimit, checkPool, checkText, likeLiteral, run } from "./internal/sql";
import { resolveTables, type PostgresSchemaOptions } from "./schema";

/** Options for `createPostgresStore`. */
export interface PostgresStoreOptions extends PostgresSchemaOptions {
  /** Largest value `set` accepts, in UTF-8 bytes; `0` turns the limit off. Defaults to `1048576` (1 MiB). */
  maxValueBytes?: number | undefined;
}

/** The defaults `createPostgresStore` applies (besides the schema options). */
export const DEFAULT_POSTGRES_STORE_OPTIONS = { maxValueBytes: 1_048_576 } as const;

/** Core's `KeyValueStore` on PostgreSQL, plus a sweep of expired rows. */
export interface PostgresStore extends KeyValueStore {
  /** Deletes expired rows (reads already ignore them); resolves how many went. Run it now and then. */
  purgeExpired(): Promise<number>;
}

/**
 * Creates core's `KeyValueStore` on one PostgreSQL table: `ttl` in seconds measured by the database
 * clock, `keys()` glob (`*`, `?`) translated to an escaped `LIKE`, values of any bytes (stored as `bytea`).
 * @example
 * const store = createPostgresStore(pool);
 * const states = createStatePersistence(store);
 */
export function createPostgresStore(pool: Pool, options: PostgresStoreOptions = {}): PostgresStore {
  const where = "createPostgresStore";
  checkPool(where, pool);
  const t = resolveTables(where, options);
  const maxValueBytes = byteLimit(
    where,
    "maxValueBytes",
    options.maxValueBytes ?? DEFAULT_POSTGRES_STORE_OPTIONS.maxValueBytes,
  );
  const live = "(expires_at IS NULL OR expires_at > clock_timestamp())";
  const key = (k: unknown): string => checkText("KeyValueStore", "key", k);

  return {
    async get(k) {
      const { rows } = await run<{ value: Buffer }>(
        pool,
        "get",
        k,
        `SELECT value FROM ${t.kv} WHERE key = $1 AND ${live}`,
        [key(k)],
      );
      return rows[0] === undefined ? null : rows[0].value.toString("utf8");
    },

    async set(k: string, value: string, setOptions?: KeyValueSetOptions) {
      key(k);
      assertWellFormedText("KeyValueStore.set", "value", value);
      const ttl = setOptions?.ttl;
      if (ttl !== undefined && (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl < 0)) {
        throw new RangeError(
          `KeyValueStore.set: "ttl" must be a non-negative number of seconds, got ${String(ttl)}`,
        );
      }
      const bytes = Buffer.from(value, "utf8");
      if (maxValueBytes > 0 && bytes.length > maxValueBytes) {
        throw new ValueTooLargeError(k, bytes.length, maxValueBytes);
      }
      await run(
        pool,
        "set",
        k,
        `INSERT INTO ${t.kv} (key, value, expires_at)
         VALUES ($1, $2, CASE WHEN $3::float8 > 0 THEN clock_timestamp() + $3::float8 * interval '1 second' END)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
        [k, bytes, ttl ?? 0],
      );
    },

    async delete(k) {
      const { rowCount } = await run(
        pool,
        "delete",
        k,
        `DELETE FROM ${t.kv} WHERE key = $1 AND ${live}`,
        [key(k)],
      );
      return (rowCount ?? 0) > 0;
    },

    async exists(k) {
      const { rows } = await run(
        pool,
        "exists",
        k,
        `SELECT 1 FROM ${t.kv} WHERE key = $1 AND ${live}`,
        [key(k)],
      );
      return rows.length > 0;
    },

    async keys(pattern = "*") {
      checkText("KeyValueStore.keys", "pattern", pattern);
      const like = likeLiteral(pattern).replace(/\*/g, "%").replace(/\?/g, "_");
      const { rows } = await run<{ key: string }>(
        pool,
        "keys",
        pattern,
        `SELECT key FROM ${t.kv} WHERE key LIKE $1 ESCAPE '\\' AND ${live} ORDER BY key`,
        [like],
      );
      return rows.map((row) => row.key);
    },

    async purgeExpired() {
      const { rowCount } = await run(
        pool,
        "purge",
        undefined,
        `DELETE FROM ${t.kv} WHERE expires_at <= clock_timestamp()`,
        [],
      );
      return rowCount ?? 0;
    },
  };
}
