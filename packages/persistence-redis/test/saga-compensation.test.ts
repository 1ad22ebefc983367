import { createWorkflow, err, ok, type AsyncResult, type WorkflowOptions } from "@awaitly/core";
import {
  createRedisCheckpointer,
  createRedisLock,
  isLockLostError,
  type RedisCheckpointer,
} from "@awaitly/persistence-redis";
import { checkpointedStep, runSagaStep } from "@awaitly/saga";
import { describe, expect, it } from "vitest";
import { useRedis } from "./support/use-redis";

const ctx = useRedis();

type Errors = "OUT_OF_STOCK" | "NOT_FOUND" | "DECLINED";

/** Counted services: `charge` declines its first `declines` calls. */
function services(declines: number) {
  const calls = { reserve: 0, lookup: 0, charge: 0, released: [] as string[] };
  return {
    calls,
    deps: {
      reserve: async (): AsyncResult<string, "OUT_OF_STOCK"> => ok(`r${++calls.reserve}`),
      lookup: async (): AsyncResult<string, "NOT_FOUND"> => ok(`l${++calls.lookup}`),
      charge: async (): AsyncResult<string, "DECLINED"> =>
        ++calls.charge <= declines ? err("DECLINED") : ok("c"),
    },
  };
}

/** Reserve (compensated), lookup (not compensated), charge; `beforeCharge` runs between. */
function checkout(
  s: ReturnType<typeof services>,
  options: WorkflowOptions<Errors>,
  compensate: (reservation: string) => void = (r) => void s.calls.released.push(r),
  beforeCharge: () => Promise<void> = async () => {},
) {
  return createWorkflow(
    s.deps,
    options,
  )(async (step, deps) =>
    runSagaStep(step, async (saga) => {
      const r = await saga.step(
        () => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }),
        { name: "reserve", compensate },
      );
      const l = await saga.step(() =>
        checkpointedStep(step, () => deps.lookup(), { key: "lookup" }),
      );
      await beforeCharge();
      const c = await saga.step(() =>
        checkpointedStep(step, () => deps.charge(), { name: "charge" }),
      );
      return `${r}/${l}/${c}`;
    }),
  );
}

const keysOf = async (checkpoints: RedisCheckpointer, runId: string) => [
  ...(await checkpoints.load(runId)).steps.keys(),
];

describe("RedisCheckpointer and saga compensation", () => {
  it("deletes a compensated step (fenced), so the resumed run reserves again and replays the rest", async () => {
    const s = services(1);
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    const lock = createRedisLock(ctx.redis, { prefix: `${ctx.prefix}lock:` });
    const attempt = async () => {
      const guard = lock.guard("order");
      try {
        return await checkout(s, {
          ...checkpoints.forRun("order", { fence: guard }),
          shouldRun: guard.shouldRun,
        });
      } finally {
        await guard.release();
      }
    };
    expect(await attempt()).toStrictEqual(err("DECLINED"));
    expect(s.calls.released).toStrictEqual(["r1"]);
    expect(await keysOf(checkpoints, "order")).toStrictEqual(["lookup"]);
    expect(await attempt()).toStrictEqual(ok("r2/l1/c"));
    expect(s.calls).toMatchObject({ reserve: 2, lookup: 1, charge: 2 });
  });

  it("deletes unfenced too", async () => {
    const s = services(1);
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    const hooks = () => checkpoints.forRun("loose", { fence: false });
    await checkout(s, hooks());
    expect(await keysOf(checkpoints, "loose")).toStrictEqual(["lookup"]);
    expect(await checkout(s, hooks())).toStrictEqual(ok("r2/l1/c"));
  });

  it("keeps the checkpoints of a step whose compensation failed (the reservation still exists)", async () => {
    const s = services(1);
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    const failed = await checkout(s, checkpoints.forRun("kept", { fence: false }), () => {
      throw new Error("release failed");
    });
    expect(failed).toMatchObject({ ok: false, error: { type: "UNEXPECTED_ERROR" } });
    expect(await keysOf(checkpoints, "kept")).toStrictEqual(["reserve", "lookup"]);
    await checkout(s, checkpoints.forRun("kept", { fence: false }));
    expect(s.calls.reserve).toBe(1);
  });

  it("refuses a stale holder's deletion: the run fails with LockLostError and the checkpoint stays", async () => {
    const s = services(1);
    const lock = createRedisLock(ctx.redis, { prefix: `${ctx.prefix}lock:` });
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    const guard = lock.guard("stolen");
    const result = await checkout(
      s,
      { ...checkpoints.forRun("stolen", { fence: guard }), shouldRun: guard.shouldRun },
      (r) => void s.calls.released.push(r),
      // Another process takes the run over between the reservation and the failed charge.
      async () => void (await ctx.redis.set(`${ctx.prefix}lock:stolen`, "someone-else")),
    );
    expect(s.calls.released).toStrictEqual(["r1"]);
    const thrown = result.ok
      ? undefined
      : (result.error as { cause?: { thrown?: unknown } }).cause?.thrown;
    expect(isLockLostError(thrown)).toBe(true);
    expect(await keysOf(checkpoints, "stolen")).toStrictEqual(["reserve", "lookup"]);
    await guard.release();
  });

  it("onStepInvalidated on its own: deletes one step, keeps the others, and tolerates a missing one", async () => {
    const lock = createRedisLock(ctx.redis, { prefix: `${ctx.prefix}lock:` });
    const lease = await lock.acquire("direct");
    if (lease === undefined) throw new Error("lock not acquired");
    const checkpoints = createRedisCheckpointer(ctx.redis, { prefix: ctx.prefix });
    const hooks = checkpoints.forRun("direct", { fence: lease });
    await hooks.onAfterStep("a", ok(1));
    await hooks.onAfterStep("b", ok(2));
    await hooks.onStepInvalidated("a");
    await hooks.onStepInvalidated("never-written");
    expect(await keysOf(checkpoints, "direct")).toStrictEqual(["b"]);
    await hooks.onAfterStep("a", ok(3));
    expect((await checkpoints.load("direct")).steps.get("a")?.result).toStrictEqual(ok(3));
    await lease.release();
  });
});
