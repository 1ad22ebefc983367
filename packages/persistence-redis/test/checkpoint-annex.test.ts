import { createWorkflow, err, ok, type AsyncResult } from "@awaitly/core";
import { createRedisCheckpointer, createRedisLock } from "@awaitly/persistence-redis";
import { describe, expect, it } from "vitest";
import { useRedis } from "./support/use-redis";

const ctx = useRedis();

describe("RedisCheckpointer.forRun annex", () => {
  it("writes each done step's annex field in the checkpoint's own script, fenced or not", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    expect(checkpoints.annexes).toBe(true);
    const record = `${ctx.prefix}record`;
    const inc = async (n: number): AsyncResult<number, "TOO_BIG"> =>
      n > 5 ? err("TOO_BIG") : ok(n + 1);
    const annex = (stepKey: string) => ({ key: record, field: `k:${stepKey}`, value: stepKey });
    const lock = createRedisLock(ctx.redis, { prefix: `${ctx.prefix}lock:` });
    const guard = lock.guard("fenced");
    for (const [runId, fence] of [
      ["unfenced", false],
      ["fenced", guard],
    ] as const) {
      const workflow = createWorkflow(
        { inc },
        { ...checkpoints.forRun(runId, { fence, annex }), shouldRun: guard.shouldRun },
      );
      const seen: Array<Record<string, string>> = [];
      await workflow(async (step, d) => {
        await step(() => d.inc(1), { key: `${runId}-a` });
        seen.push(await ctx.redis.hgetall(record));
        // A failed step is not checkpointed, so nothing is asked of the annex for it.
        return step(() => d.inc(9), { key: `${runId}-b` });
      });
      expect(seen[0]).toMatchObject({ [`k:${runId}-a`]: `${runId}-a` });
    }
    expect(await ctx.redis.hgetall(record)).toStrictEqual({
      "k:unfenced-a": "unfenced-a",
      "k:fenced-a": "fenced-a",
    });
    await guard.release();
  });

  it("writes neither the checkpoint nor its annex once the lease is taken over", async () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    const record = `${ctx.prefix}record`;
    const lock = createRedisLock(ctx.redis, { prefix: `${ctx.prefix}lock:`, leaseMs: 5000 });
    const guard = lock.guard("run");
    const step = async (n: number): AsyncResult<number, never> => ok(n);
    const workflow = createWorkflow(
      { step },
      {
        ...checkpoints.forRun("run", {
          fence: guard,
          annex: (stepKey) => ({ key: record, field: stepKey, value: "done" }),
        }),
        shouldRun: guard.shouldRun,
      },
    );
    const result = await workflow(async (s, d) => {
      await s(() => d.step(1), { key: "one" });
      // Another process takes the lock (this one stalled past its lease) before step two is saved.
      await ctx.redis.set(`${ctx.prefix}lock:run`, "someone-else");
      return s(() => d.step(2), { key: "two" });
    });
    expect(result.ok).toBe(false);
    expect([...(await checkpoints.load("run")).steps.keys()]).toStrictEqual(["one"]);
    expect(await ctx.redis.hgetall(record)).toStrictEqual({ one: "done" });
  });

  it("refuses an annex that is not a function, naming the option", () => {
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    expect(() =>
      checkpoints.forRun("run", { fence: false, annex: "k" as unknown as () => undefined }),
    ).toThrow(/RedisCheckpointer\.forRun: option "annex" must be a function/);
  });
});
