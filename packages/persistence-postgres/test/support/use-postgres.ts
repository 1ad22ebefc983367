import { createSchema } from "@awaitly/persistence-postgres";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

/** The database the tests use: `DATABASE_URL`, or the local one CI starts. */
export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A pool and a schema of its own for one test file, created before and dropped after. */
export function usePostgres(): { pool: pg.Pool; schema: string; url: string } {
  const schema = `awaitly_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const ctx = { pool: undefined as unknown as pg.Pool, schema, url: DATABASE_URL };
  beforeAll(async () => {
    ctx.pool = new pg.Pool({ connectionString: DATABASE_URL, max: 25 });
    try {
      await ctx.pool.query("SELECT 1");
    } catch (cause) {
      throw new Error(
        `PostgreSQL does not answer at ${DATABASE_URL}; start it or set DATABASE_URL`,
        { cause },
      );
    }
    await createSchema(ctx.pool, { schema });
  });
  afterAll(async () => {
    await ctx.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ctx.pool.end();
  });
  return ctx;
}
