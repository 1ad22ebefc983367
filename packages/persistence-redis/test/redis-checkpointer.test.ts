import {
  createWorkflow,
  err,
  isUnexpectedError,
  ok,
  type AsyncResult,
  type RunStep,
} from "@awaitly/core";
import { isStateParseError, isStateSerializeError } from "@awaitly/persistence";
import {
  DEFAULT_REDIS_CHECKPOINTER_OPTIONS,
  createRedisCheckpointer,
  createRedisLock,
  isLockLostError,
} from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { startHeldProxy } from "./support/held-proxy";
import { useRedis } from "./support/use-redis";

const ctx = useRedis();

describe("createRedisCheckpointer", () => {
  it("writes each keyed step to the run's hash as it completes", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    const seen: Array<Record<string, string>> = [];
    const inc = async (n: number): AsyncResult<number, never> => ok(n + 1);
    const workflow = createWorkflow({ inc }, checkpoints.forRun("r1", { fence: false }));
    const result = await workflow(async (step, d) => {
      const a = await step(() => d.inc(1), { key: "a" });
      seen.push(await ctx.redis.hgetall(`${ctx.prefix}r1`));
      const b = await step(() => d.inc(a), { key: "b" });
      await step(() => d.inc(0)); // unkeyed: not checkpointed
      return b;
    });
    expect(result).toStrictEqual(ok(3));
    expect(seen[0]).toStrictEqual({ a: '{"result":{"ok":true,"value":2},"order":0}' });
    expect(Object.keys(await ctx.redis.hgetall(`${ctx.prefix}r1`))).toStrictEqual(["a", "b"]);
  });

  it("resumes from the last completed step on another client and instance", async () => {
    const calls: string[] = [];
    const work = async (name: string): AsyncResult<string, "FAILED"> => {
      calls.push(name);
      return name === "c" && calls.filter((c) => c === "c").length === 1 ? err("FAILED") : ok(name);
    };
    const body = async (step: RunStep<"FAILED">, d: { work: typeof work }) => {
      const a = await step(() => d.work("a"), { key: "a" });
      const b = await step(() => d.work("b"), { key: "b" });
      const c = await step(() => d.work("c"), { key: "c" });
      return [a, b, c].join("");
    };
    const first = createWorkflow(
      { work },
      createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix }).forRun("run", { fence: false }),
    );
    const failed = await first(body);
    expect(failed).toStrictEqual(err("FAILED"));

    const other = new Redis(ctx.url);
    try {
      const second = createWorkflow(
        { work },
        createRedisCheckpointer(other, { prefix: ctx.prefix }).forRun("run", { fence: false }),
      );
      expect(await second(body)).toStrictEqual(ok("abc"));
    } finally {
      await other.quit();
    }
    expect(calls).toStrictEqual(["a", "b", "c", "c"]);
  });

  it("does not record a failed keyed step, so a resumed run runs it again (err or throw)", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    let runs = 0;
    const boom = async (): AsyncResult<never, "DECLINED"> => {
      runs++;
      if (runs === 2) throw new Error("network");
      return err("DECLINED", { cause: new Error("card 51") });
    };
    const body = async (step: RunStep<"DECLINED">, d: { boom: typeof boom }) =>
      step(() => d.boom(), { key: "charge" });
    const hooks = checkpoints.forRun("f", { fence: false });
    expect(await createWorkflow({ boom }, hooks)(body)).toMatchObject({
      ok: false,
      error: "DECLINED",
    });
    expect((await checkpoints.load("f")).steps.size).toBe(0);
    expect((await createWorkflow({ boom }, hooks)(body)).ok).toBe(false); // threw
    expect((await checkpoints.load("f")).steps.size).toBe(0);
    await createWorkflow({ boom }, hooks)(body);
    expect(runs).toBe(3);
  });

  it("keeps a pending approval, and saving the approved value resumes past the gate", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    let gateCalls = 0;
    const gate = async (): AsyncResult<string, { type: "PENDING_APPROVAL"; stepKey: string }> => {
      gateCalls++;
      return err({ type: "PENDING_APPROVAL", stepKey: "approve" });
    };
    const body = async (
      step: RunStep<{ type: "PENDING_APPROVAL"; stepKey: string }>,
      d: { gate: typeof gate },
    ) => step(() => d.gate(), { key: "approve" });
    const hooks = checkpoints.forRun("p", { fence: false });
    const paused = await createWorkflow({ gate }, hooks)(body);
    expect(paused).toMatchObject({ ok: false, error: { type: "PENDING_APPROVAL" } });
    expect((await checkpoints.load("p")).steps.get("approve")?.result.ok).toBe(false);
    expect(await createWorkflow({ gate }, hooks)(body)).toMatchObject({ ok: false });
    expect(gateCalls).toBe(1); // replayed, not asked again
    await checkpoints.save("p", "approve", { result: ok("yes, by ada") });
    expect(await createWorkflow({ gate }, hooks)(body)).toStrictEqual(ok("yes, by ada"));
    expect(gateCalls).toBe(1);
  });

  it("expires a run's hash 7 days after its latest checkpoint by default, never with ttl 0", async () => {
    expect(DEFAULT_REDIS_CHECKPOINTER_OPTIONS.ttl).toBe(604_800);
    await createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix }).save("d", "k", {
      result: ok(1),
    });
    const ttl = await ctx.redis.ttl(`${ctx.prefix}d`);
    expect(ttl).toBeGreaterThan(604_000);
    expect(ttl).toBeLessThanOrEqual(604_800);
    const keep = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix, ttl: 0 });
    await keep.save("z", "k", { result: ok(1) });
    expect(await ctx.redis.ttl(`${ctx.prefix}z`)).toBe(-1);
  });

  it("keeps a run's hash ttl seconds after its latest checkpoint, fenced or not, in the same call as the write", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix, ttl: 600 });
    const lease = await createRedisLock(ctx.redis, { prefix: `${ctx.prefix}lock:` }).acquire("e");
    if (lease === undefined) throw new Error("no lease");
    const hash = `${ctx.prefix}e`;
    const cases: Array<[string, (hooks: ReturnType<typeof checkpoints.forRun>) => Promise<void>]> =
      [
        ["a later write", (hooks) => hooks.onAfterStep("b", ok(2))],
        ["an invalidation", (hooks) => hooks.onStepInvalidated("a")],
      ];
    for (const fence of [lease, false] as const) {
      for (const [, change] of cases) {
        const hooks = checkpoints.forRun("e", { fence });
        await hooks.onAfterStep("a", ok(1));
        // As if the run had been idle for all but 5 s of its ttl.
        await ctx.redis.expire(hash, 5);
        await change(hooks);
        const ttl = await ctx.redis.ttl(hash);
        expect(ttl).toBeGreaterThan(590);
        expect(ttl).toBeLessThanOrEqual(600);
      }
    }
    await lease.release();
  });

  it("refuses an entry over maxEntryBytes, or nested too deeply, with StateSerializeError", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, {
      prefix: ctx.prefix,
      maxEntryBytes: 100,
    });
    const big = checkpoints.save("s", "k", { result: ok("x".repeat(200)) });
    await expect(big).rejects.toMatchObject({ type: "STATE_SERIALIZE_ERROR", reason: "too-large" });
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const unlimited = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    await expect(unlimited.save("s", "k", { result: ok(deep) })).rejects.toSatisfy(
      isStateSerializeError,
    );
    expect(await ctx.redis.exists(`${ctx.prefix}s`)).toBe(0);
  });

  it("saves, loads, lists and deletes runs, with an optional TTL", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix, ttl: 120 });
    await checkpoints.save("x", "__proto__", { result: ok(1) });
    await checkpoints.save("y", "k", { result: ok(2) });
    expect(await ctx.redis.ttl(`${ctx.prefix}x`)).toBeGreaterThan(100);
    expect((await checkpoints.list()).sort()).toStrictEqual(["x", "y"]);
    expect((await checkpoints.load("x")).steps.get("__proto__")?.result).toStrictEqual(ok(1));
    expect(({} as Record<string, unknown>).result).toBeUndefined();
    expect(await checkpoints.delete("x")).toBe(true);
    expect((await checkpoints.load("x")).steps.size).toBe(0);
  });

  it("rejects a corrupted checkpoint with StateParseError", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    await ctx.redis.hset(`${ctx.prefix}bad`, "k", '{"result":{"ok":"maybe"}}');
    const error = await checkpoints.load("bad").catch((e: unknown) => e);
    expect(isStateParseError(error)).toBe(true);
  });

  it("refuses writes with LockLostError once the fencing lease is taken over", async () => {
    const lock = createRedisLock(ctx.redis, { prefix: ctx.prefix + "lock:", leaseMs: 5000 });
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    const guard = lock.guard("run");
    const step = async (n: number): AsyncResult<number, never> => ok(n);
    const workflow = createWorkflow(
      { step },
      { ...checkpoints.forRun("run", { fence: guard }), shouldRun: guard.shouldRun },
    );
    const result = await workflow(async (s, d) => {
      await s(() => d.step(1), { key: "one" });
      // Another process steals the lock (e.g. after this one stalled past its lease).
      await ctx.redis.set(`${ctx.prefix}lock:run`, "someone-else");
      return s(() => d.step(2), { key: "two" });
    });
    expect(result.ok).toBe(false);
    const error = result.ok ? undefined : result.error;
    expect(isUnexpectedError(error)).toBe(true);
    expect(isLockLostError((error as { cause: { thrown: unknown } }).cause.thrown)).toBe(true);
    expect([...(await checkpoints.load("run")).steps.keys()]).toStrictEqual(["one"]);
    await guard.release();
  });

  it("throws TypeError/RangeError naming bad options", () => {
    expect(() => createRedisCheckpointer(ctx.redis, { ttl: 1.5 })).toThrow(/"ttl".*1\.5/);
    expect(() => createRedisCheckpointer(ctx.redis).forRun("", { fence: false })).toThrow(
      TypeError,
    );
  });

  it("fences by default: forRun without a fence, or with an explicit opt-out missing, throws", () => {
    const checkpoints = createRedisCheckpointer(ctx.redis);
    expect(() => (checkpoints.forRun as (id: string) => unknown)("r")).toThrow(
      /pass \{ fence: guard \}.*or \{ fence: false \}/,
    );
    expect(() => checkpoints.forRun("r", { fence: undefined as never })).toThrow(TypeError);
    expect(checkpoints.forRun("r", { fence: false }).onBeforeStep).toBeUndefined();
  });

  it("stops a holder whose lease ran out before it starts its next step, not only when writing", async () => {
    vi.useFakeTimers({ toFake: ["Date", "performance"] });
    try {
      const lock = createRedisLock(ctx.redis, { prefix: `${ctx.prefix}lock:`, leaseMs: 1000 });
      const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
      const guard = lock.guard("stall");
      const started: number[] = [];
      const effect = async (n: number): AsyncResult<number, never> => {
        started.push(n);
        return ok(n);
      };
      const workflow = createWorkflow(
        { effect },
        { ...checkpoints.forRun("stall", { fence: guard }), shouldRun: guard.shouldRun },
      );
      const result = await workflow(async (step, d) => {
        await step(() => d.effect(1), { key: "one" });
        // The process stalls (GC pause, SIGSTOP, a blocked event loop) past its lease; on Redis
        // the key expired and another worker took the run.
        vi.advanceTimersByTime(1500); // leases count on the monotonic clock
        await ctx.redis.set(`${ctx.prefix}lock:stall`, "new-holder");
        return step(() => d.effect(2), { key: "two" });
      });
      expect(started).toStrictEqual([1]);
      const thrown = result.ok
        ? undefined
        : (result.error as { cause?: { thrown?: unknown } }).cause?.thrown;
      expect(isLockLostError(thrown)).toBe(true);
      expect(guard.lease?.lost).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("never lets a write reported failed (timeout) replace a newer checkpoint when it lands late", async () => {
    const lock = createRedisLock(ctx.redis, { prefix: `${ctx.prefix}lock:` });
    const lease = await lock.acquire("late");
    if (lease === undefined) throw new Error("lock not acquired");
    // A client behind a proxy that holds its commands: the write is sent, reported failed, and lands later.
    const proxy = await startHeldProxy(ctx.url);
    const slow = new Redis(proxy.url, { enableReadyCheck: false });
    try {
      const stalled = createRedisCheckpointer(slow, { prefix: ctx.prefix, timeoutMs: 100 });
      const healthy = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
      const hooks = stalled.forRun("late", { fence: lease });
      await hooks.onAfterStep("warm", ok(0)); // loads the script: the late write is one EVALSHA
      proxy.hold();
      const first = hooks.onAfterStep("k", ok("old"));
      await expect(first).rejects.toMatchObject({
        type: "REDIS_PERSISTENCE_ERROR",
        timedOut: true,
      });
      await healthy.forRun("late", { fence: lease }).onAfterStep("k", ok("new"));
      proxy.release();
      await slow.ping(); // answered after the held write ran
      expect((await healthy.load("late")).steps.get("k")?.result).toStrictEqual(ok("new"));
    } finally {
      slow.disconnect();
      await proxy.close();
      await lease.release();
    }
  });
});
