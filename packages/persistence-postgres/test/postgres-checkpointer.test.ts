import {
  createWorkflow,
  err,
  isUnexpectedError,
  ok,
  type AsyncResult,
  type RunStep,
} from "@awaitly/core";
import {
  createPostgresCheckpointer,
  createPostgresLock,
  isLockLostError,
} from "@awaitly/persistence-postgres";
import { isStateSerializeError } from "@awaitly/persistence";
import { describe, expect, it, vi } from "vitest";
import { usePostgres } from "./support/use-postgres";

const ctx = usePostgres();
const rows = async (runId: string): Promise<string[]> =>
  (
    await ctx.pool.query<{ step_key: string }>(
      `SELECT step_key FROM "${ctx.schema}".awaitly_checkpoints WHERE run_id = $1 ORDER BY seq`,
      [runId],
    )
  ).rows.map((r) => r.step_key);

describe("createPostgresCheckpointer", () => {
  it("writes each keyed step as it completes, fenced by the guard's lease", async () => {
    const checkpoints = createPostgresCheckpointer(ctx.pool, { schema: ctx.schema });
    const guard = createPostgresLock(ctx.pool, { schema: ctx.schema }).guard("r1");
    const seen: string[][] = [];
    const inc = async (n: number): AsyncResult<number, never> => ok(n + 1);
    const workflow = createWorkflow(
      { inc },
      { ...checkpoints.forRun("r1", { fence: guard }), shouldRun: guard.shouldRun },
    );
    const result = await workflow(async (step, d) => {
      const a = await step(() => d.inc(1), { key: "a" });
      seen.push(await rows("r1"));
      const b = await step(() => d.inc(a), { key: "b" });
      await step(() => d.inc(0)); // unkeyed: not checkpointed
      return b;
    });
    await guard.release();
    expect(result).toStrictEqual(ok(3));
    expect(seen[0]).toStrictEqual(["a"]);
    expect(await rows("r1")).toStrictEqual(["a", "b"]);
  });

  it("resumes after the last completed step in a new instance; a failed step is not checkpointed and runs again", async () => {
    const calls: string[] = [];
    const work = async (name: string): AsyncResult<string, "FAILED"> => {
      calls.push(name);
      return name === "c" && calls.filter((c) => c === "c").length === 1
        ? err("FAILED", { cause: new Error("first c fails") })
        : ok(name);
    };
    const body = async (step: RunStep<"FAILED">, d: { work: typeof work }) => {
      const a = await step(() => d.work("a"), { key: "a" });
      const b = await step(() => d.work("b"), { key: "b" });
      const c = await step(() => d.work("c"), { key: "c" });
      return [a, b, c].join("");
    };
    const make = () =>
      createWorkflow(
        { work },
        createPostgresCheckpointer(ctx.pool, { schema: ctx.schema }).forRun("run", {
          fence: false,
        }),
      );
    expect(await make()(body)).toMatchObject({ ok: false, error: "FAILED" });
    expect(await rows("run")).toStrictEqual(["a", "b"]);
    expect(await make()(body)).toStrictEqual(ok("abc"));
    expect(calls).toStrictEqual(["a", "b", "c", "c"]);
  });

  it("stops before the next step's side effect once the lease ran out on this process's clock", async () => {
    vi.useFakeTimers({ toFake: ["Date", "performance", "setInterval", "clearInterval"] });
    try {
      const lock = createPostgresLock(ctx.pool, { schema: ctx.schema, leaseMs: 30_000 });
      const guard = lock.guard("stalled");
      const effects: number[] = [];
      const effect = async (n: number): AsyncResult<number, never> => {
        effects.push(n);
        return ok(n);
      };
      const workflow = createWorkflow(
        { effect },
        {
          ...createPostgresCheckpointer(ctx.pool, { schema: ctx.schema }).forRun("stalled", {
            fence: guard,
          }),
          shouldRun: guard.shouldRun,
        },
      );
      const result = await workflow(async (s, d) => {
        await s(() => d.effect(1), { key: "one" });
        // A stall (GC pause, frozen VM) longer than the lease: no renewal ran in between.
        vi.advanceTimersByTime(31_000); // leases count on the monotonic clock
        return s(() => d.effect(2), { key: "two" });
      });
      expect(result.ok).toBe(false);
      expect(effects).toStrictEqual([1]);
      expect(await rows("stalled")).toStrictEqual(["one"]);
      await guard.release();
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a stale holder's write with LockLostError and leaves the new holder's row", async () => {
    const lock = createPostgresLock(ctx.pool, { schema: ctx.schema, leaseMs: 60_000 });
    const checkpoints = createPostgresCheckpointer(ctx.pool, { schema: ctx.schema });
    const stale = await lock.acquire("fenced");
    if (stale === undefined) throw new Error("no lease");
    await checkpoints.save("fenced", "one", { result: ok("old") }, { fence: stale });
    // The stale holder stalls past its lease: expire it, and a second holder takes over.
    await ctx.pool.query(
      `UPDATE "${ctx.schema}".awaitly_locks SET expires_at = now() - interval '1 second' WHERE name = 'fenced'`,
    );
    const fresh = await lock.acquire("fenced");
    if (fresh === undefined) throw new Error("no lease");
    expect(BigInt(fresh.token)).toBeGreaterThan(BigInt(stale.token));
    await checkpoints.save("fenced", "one", { result: ok("new") }, { fence: fresh });
    const error = await checkpoints
      .save("fenced", "one", { result: ok("late") }, { fence: stale })
      .catch((e: unknown) => e);
    expect(isLockLostError(error)).toBe(true);
    expect((await checkpoints.load("fenced")).steps.get("one")?.result).toStrictEqual(ok("new"));
    await fresh.release();
    stale.assertHeld(); // it never noticed locally; the database refused it
    await stale.release();
  });

  it("ends the workflow with an UnexpectedError wrapping LockLostError when the lease is taken over", async () => {
    const lock = createPostgresLock(ctx.pool, { schema: ctx.schema, leaseMs: 60_000 });
    const checkpoints = createPostgresCheckpointer(ctx.pool, { schema: ctx.schema });
    const guard = lock.guard("stolen");
    const step = async (n: number): AsyncResult<number, never> => ok(n);
    const workflow = createWorkflow(
      { step },
      { ...checkpoints.forRun("stolen", { fence: guard }), shouldRun: guard.shouldRun },
    );
    const result = await workflow(async (s, d) => {
      await s(() => d.step(1), { key: "one" });
      await ctx.pool.query(
        `UPDATE "${ctx.schema}".awaitly_locks SET token = nextval('"${ctx.schema}".awaitly_fence_seq') WHERE name = 'stolen'`,
      );
      return s(() => d.step(2), { key: "two" });
    });
    expect(result.ok).toBe(false);
    const error = result.ok ? undefined : result.error;
    expect(isUnexpectedError(error)).toBe(true);
    expect(isLockLostError((error as { cause: { thrown: unknown } }).cause.thrown)).toBe(true);
    expect(await rows("stolen")).toStrictEqual(["one"]);
    await guard.release();
  });

  it("lists and deletes runs; hostile run ids and step keys are plain data", async () => {
    const checkpoints = createPostgresCheckpointer(ctx.pool, { schema: ctx.schema });
    const hostile = `x'); DROP TABLE "${ctx.schema}".awaitly_checkpoints; --`;
    await checkpoints.save(hostile, "__proto__", { result: ok(1) }, { fence: false });
    await checkpoints.save("y", "%_*?", { result: ok(2) }, { fence: false });
    expect(await checkpoints.list()).toEqual(expect.arrayContaining([hostile, "y"]));
    expect((await checkpoints.load(hostile)).steps.get("__proto__")?.result).toStrictEqual(ok(1));
    expect(await checkpoints.delete(hostile)).toBe(true);
    expect(await checkpoints.delete(hostile)).toBe(false);
    expect((await checkpoints.load(hostile)).steps.size).toBe(0);
  });

  it("refuses an entry over maxEntryBytes without writing it", async () => {
    const checkpoints = createPostgresCheckpointer(ctx.pool, {
      schema: ctx.schema,
      maxEntryBytes: 1024,
    });
    const error = await checkpoints
      .save("big", "k", { result: ok("é".repeat(600)) }, { fence: false })
      .catch((e: unknown) => e);
    expect(isStateSerializeError(error)).toBe(true);
    expect(error).toMatchObject({ reason: "too-large", maxBytes: 1024 });
    expect(await rows("big")).toStrictEqual([]);
  });

  it("refuses state nested too deeply with a typed error instead of a raw RangeError", async () => {
    const checkpoints = createPostgresCheckpointer(ctx.pool, { schema: ctx.schema });
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const error = await checkpoints
      .save("deep", "k", { result: ok(deep) }, { fence: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ type: "STATE_SERIALIZE_ERROR", reason: "too-deep" });
  });

  it("purges runs whose latest checkpoint is older than olderThanMs, keeping runs still written to", async () => {
    const checkpoints = createPostgresCheckpointer(ctx.pool, { schema: ctx.schema });
    await checkpoints.save("old", "a", { result: ok(1) }, { fence: false });
    await checkpoints.save("old", "b", { result: ok(2) }, { fence: false });
    await checkpoints.save("live", "a", { result: ok(1) }, { fence: false });
    await ctx.pool.query(
      `UPDATE "${ctx.schema}".awaitly_checkpoints SET written_at = now() - interval '2 days'
       WHERE run_id = 'old' OR (run_id = 'live' AND step_key = 'a')`,
    );
    await checkpoints.save("live", "b", { result: ok(2) }, { fence: false });
    expect(await checkpoints.purge({ olderThanMs: 86_400_000 })).toBe(1);
    expect((await checkpoints.load("old")).steps.size).toBe(0);
    expect((await checkpoints.load("live")).steps.size).toBe(2);
    await expect(checkpoints.purge({ olderThanMs: -1 })).rejects.toThrow(/olderThanMs/);
  });

  it("fences with a foreign lease (a BullMQ job lock) on this process's clock only", async () => {
    const checkpoints = createPostgresCheckpointer(ctx.pool, { schema: ctx.schema });
    let lost = false;
    const jobLock = {
      key: "job-1",
      token: "bull-token",
      redisKey: "bull:orders:job-1:lock",
      get lost() {
        return lost;
      },
      assertHeld() {
        if (lost) throw Object.assign(new Error("job lock lost"), { type: "LOCK_LOST" });
      },
    };
    const hooks = checkpoints.forRun("job-1", { fence: jobLock });
    await hooks.onAfterStep("one", ok(1));
    await hooks.onAfterStep("undone", ok(0));
    await hooks.onStepInvalidated("undone");
    expect(await rows("job-1")).toStrictEqual(["one"]);
    lost = true;
    expect(() => hooks.onBeforeStep?.("two")).toThrow(/job lock lost/);
    await expect(hooks.onAfterStep("two", ok(2))).rejects.toThrow(/job lock lost/);
    await expect(hooks.onStepInvalidated("one")).rejects.toThrow(/job lock lost/);
    expect(await rows("job-1")).toStrictEqual(["one"]);
  });

  it("refuses a lease from another schema's lock table instead of never matching it", async () => {
    const checkpoints = createPostgresCheckpointer(ctx.pool, {
      schema: ctx.schema,
      tablePrefix: "other_",
    });
    const lease = await createPostgresLock(ctx.pool, { schema: ctx.schema }).acquire("mixed");
    if (lease === undefined) throw new Error("no lease");
    const error = await checkpoints
      .save("mixed", "k", { result: ok(1) }, { fence: lease })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/same schema and tablePrefix/);
    await lease.release();
  });

  it("requires a fence choice and names bad options", () => {
    const checkpoints = createPostgresCheckpointer(ctx.pool, { schema: ctx.schema });
    // @ts-expect-error fence is required
    expect(() => checkpoints.forRun("r", {})).toThrow(/"fence" is required/);
    expect(() => createPostgresCheckpointer(ctx.pool, { schema: "a;b" })).toThrow(/"schema"/);
    expect(() => createPostgresCheckpointer(ctx.pool, { maxEntryBytes: -1 })).toThrow(
      /maxEntryBytes/,
    );
  });
});
