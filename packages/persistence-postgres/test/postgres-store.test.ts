import { createKVWorkflowStateStore } from "@awaitly/hitl";
import { ok } from "@awaitly/core";
import { createStatePersistence } from "@awaitly/persistence";
import {
  createPostgresPersistence,
  createPostgresStore,
  isPostgresPersistenceError,
  isValueTooLargeError,
  schemaSql,
} from "@awaitly/persistence-postgres";
import { describe, expect, it, vi } from "vitest";
import { DATABASE_URL, usePostgres } from "./support/use-postgres";

const ctx = usePostgres();

describe("createPostgresStore", () => {
  it("gets, sets, overwrites, deletes and lists with a literal glob", async () => {
    const store = createPostgresStore(ctx.pool, { schema: ctx.schema });
    await store.set("a:1", "one");
    await store.set("a:1", "uno");
    await store.set("a:2", "two\u0000with NUL");
    await store.set("a%", "percent");
    expect(await store.get("a:1")).toBe("uno");
    expect(await store.get("a:2")).toBe("two\u0000with NUL");
    expect(await store.keys("a:?")).toStrictEqual(["a:1", "a:2"]);
    expect(await store.keys("a%")).toStrictEqual(["a%"]);
    expect(await store.exists("a:1")).toBe(true);
    expect(await store.delete("a:1")).toBe(true);
    expect(await store.delete("a:1")).toBe(false);
    expect(await store.get("a:1")).toBeNull();
  });

  it("expires keys by ttl seconds and purges them", async () => {
    const store = createPostgresStore(ctx.pool, { schema: ctx.schema });
    await store.set("short", "v", { ttl: 0.05 });
    await store.set("long", "v", { ttl: 60 });
    await ctx.pool.query("SELECT pg_sleep(0.1)");
    expect(await store.get("short")).toBeNull();
    expect(await store.keys("*")).not.toContain("short");
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await store.get("long")).toBe("v");
  });

  it("refuses values over maxValueBytes and NUL in keys", async () => {
    const store = createPostgresStore(ctx.pool, { schema: ctx.schema, maxValueBytes: 10 });
    expect(
      isValueTooLargeError(await store.set("k", "x".repeat(11)).catch((e: unknown) => e)),
    ).toBe(true);
    await expect(store.get("a\u0000b")).rejects.toThrow(TypeError);
  });

  it("backs createStatePersistence and hitl's KV workflow state store", async () => {
    const store = createPostgresStore(ctx.pool, { schema: ctx.schema });
    const states = createStatePersistence(store);
    await states.save("run-1", { steps: new Map([["x", { result: ok(1) }]]) });
    expect((await states.load("run-1"))?.steps.get("x")?.result).toStrictEqual(ok(1));
    const wf = createKVWorkflowStateStore(store);
    await wf.save({
      runId: "r",
      workflowName: "w",
      resumeState: { steps: new Map() },
      pendingApprovals: ["p"],
      startedAt: 1,
      updatedAt: 2,
    });
    expect(await wf.findByPendingApproval("p")).toStrictEqual(["r"]);
  });
});

describe("schema", () => {
  it("fails with a typed error saying to run createSchema when the tables are missing", async () => {
    const store = createPostgresStore(ctx.pool, { schema: `${ctx.schema}_missing` });
    const error = await store.get("k").catch((e: unknown) => e);
    expect(isPostgresPersistenceError(error)).toBe(true);
    expect(error).toMatchObject({ operation: "get", code: "42P01" });
    expect((error as Error).message).toMatch(/createSchema/);
  });

  it("createPostgresPersistence takes a connection string, migrates idempotently and closes its pool", async () => {
    const schema = `${ctx.schema}_own`;
    const pgp = createPostgresPersistence(DATABASE_URL, { schema, tablePrefix: "wf_" });
    try {
      await pgp.createSchema();
      await pgp.createSchema();
      expect(pgp.schemaSql()).toBe(schemaSql({ schema, tablePrefix: "wf_" }));
      await pgp.store.set("k", "v");
      const { rows } = await ctx.pool.query(`SELECT key FROM "${schema}".wf_kv`);
      expect(rows).toStrictEqual([{ key: "k" }]);
    } finally {
      await ctx.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pgp.close();
    }
    expect(pgp.pool.ended).toBe(true);
  });

  it("an owned pool reports a terminated idle connection to onError and the next query reconnects", async () => {
    const schema = `${ctx.schema}_term`;
    const errors: Error[] = [];
    const pgp = createPostgresPersistence(DATABASE_URL, { schema, onError: (e) => errors.push(e) });
    try {
      await pgp.createSchema();
      await pgp.store.set("before", "1");
      const { rows } = await pgp.pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const pids = rows.map((row) => row.pid);
      await ctx.pool.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [
        pids,
      ]);
      await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
      expect(errors[0]?.message).toMatch(/terminat/i);
      await pgp.store.set("after", "2");
      expect(await pgp.store.get("after")).toBe("2");
    } finally {
      await ctx.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pgp.close();
    }
  });

  it("refuses a non-function onError", () => {
    expect(() =>
      createPostgresPersistence(DATABASE_URL, { onError: "log" as unknown as () => void }),
    ).toThrow(/"onError"/);
  });

  it("schemaSql only creates what is missing and never alters or drops", () => {
    const sql = schemaSql({ schema: "jobs" });
    expect(sql).toMatch(/CREATE TABLE IF NOT EXISTS "jobs"."awaitly_checkpoints"/);
    expect(sql).not.toMatch(/\b(ALTER|DROP)\b/);
    expect(() => schemaSql({ tablePrefix: 'x"; DROP' })).toThrow(/"tablePrefix"/);
  });
});
