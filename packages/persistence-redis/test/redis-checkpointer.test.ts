import {
  createWorkflow,
  err,
  isUnexpectedError,
  ok,
  type AsyncResult,
  type RunStep,
} from "@awaitly/core";
import { isStateParseError } from "@awaitly/persistence";
import {
  createRedisCheckpointer,
  createRedisLock,
  isLockLostError,
} from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { useRedis } from "./support/use-redis";

const ctx = useRedis();

describe("createRedisCheckpointer", () => {
  it("writes each keyed step to the run's hash as it completes", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    const seen: Array<Record<string, string>> = [];
    const inc = async (n: number): AsyncResult<number, never> => ok(n + 1);
    const workflow = createWorkflow({ inc }, checkpoints.forRun("r1"));
    const result = await workflow(async (step, d) => {
      const a = await step(() => d.inc(1), { key: "a" });
      seen.push(await ctx.redis.hgetall(`${ctx.prefix}r1`));
      const b = await step(() => d.inc(a), { key: "b" });
      await step(() => d.inc(0)); // unkeyed: not checkpointed
      return b;
    });
    expect(result).toStrictEqual(ok(3));
    expect(seen[0]).toStrictEqual({ a: '{"result":{"ok":true,"value":2}}' });
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
      const c = await step(() => d.work("c"), { key: `c-try-${calls.length}` });
      return [a, b, c].join("");
    };
    const first = createWorkflow(
      { work },
      createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix }).forRun("run"),
    );
    const failed = await first(body);
    expect(failed).toStrictEqual(err("FAILED"));

    const other = new Redis(ctx.url);
    try {
      const second = createWorkflow(
        { work },
        createRedisCheckpointer(other, { prefix: ctx.prefix }).forRun("run"),
      );
      expect(await second(body)).toStrictEqual(ok("abc"));
    } finally {
      await other.quit();
    }
    expect(calls).toStrictEqual(["a", "b", "c", "c"]);
  });

  it("replays a checkpointed failure with its cause and meta instead of re-running it", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    let runs = 0;
    const boom = async (): AsyncResult<never, "DECLINED"> => {
      runs++;
      return err("DECLINED", { cause: new Error("card 51") });
    };
    const body = async (step: RunStep<"DECLINED">, d: { boom: typeof boom }) =>
      step(() => d.boom(), { key: "charge" });
    await createWorkflow({ boom }, checkpoints.forRun("f"))(body);
    const state = await checkpoints.load("f");
    const entry = state.steps.get("charge");
    expect(entry?.meta?.origin).toBe("result");
    expect(entry?.result.ok).toBe(false);
    expect((entry?.result as { cause: Error }).cause.message).toBe("card 51");
    const again = await createWorkflow({ boom }, checkpoints.forRun("f"))(body);
    expect(again).toMatchObject({ ok: false, error: "DECLINED" });
    expect(runs).toBe(1);
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
    expect(Object.keys(await ctx.redis.hgetall(`${ctx.prefix}run`))).toStrictEqual(["one"]);
    await guard.release();
  });

  it("throws TypeError/RangeError naming bad options", () => {
    expect(() => createRedisCheckpointer(ctx.redis, { ttl: 1.5 })).toThrow(/"ttl".*1\.5/);
    expect(() => createRedisCheckpointer(ctx.redis).forRun("")).toThrow(TypeError);
  });
});
