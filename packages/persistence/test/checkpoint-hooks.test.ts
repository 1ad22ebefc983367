import {
  createWorkflow,
  err,
  ok,
  SUSPENDED_TYPE,
  type AsyncResult,
  type CheckpointIO,
  type Fence,
} from "@awaitly/core";
import { createCheckpointHooks, isLockLostError, saveCheckpoint } from "@awaitly/persistence";
import { describe, expect, it } from "vitest";
import { createMemoryCheckpoints } from "./support/memory-checkpoints";

const suspended = { type: SUSPENDED_TYPE, stepKey: "approve", reason: "waiting" } as const;

function counted() {
  const calls = { charge: 0, ship: 0, approve: 0 };
  const deps = {
    charge: async (): AsyncResult<string, never> => ok(`c${++calls.charge}`),
    ship: async (fail: boolean): AsyncResult<string, "DOWN"> =>
      ++calls.ship > 0 && fail ? err("DOWN") : ok("shipped"),
    approve: async (): AsyncResult<string, typeof suspended> => (++calls.approve, err(suspended)),
  };
  return { calls, deps };
}

describe("createCheckpointHooks", () => {
  it("saves ok steps and a suspended one, and a resumed run replays them", async () => {
    const { io } = createMemoryCheckpoints();
    const { calls, deps } = counted();
    const workflow = createWorkflow(deps, createCheckpointHooks(io, "r1", { fence: false }));
    const run = () =>
      workflow(async (step, d) => {
        await step(() => d.charge(), { key: "charge" });
        return step(() => d.approve(), { key: "approve" });
      });
    expect((await run()).ok).toBe(false);
    const saved = await io.load("r1");
    expect([...saved.steps.keys()]).toStrictEqual(["charge", "approve"]);
    expect(saved.steps.get("approve")?.result).toMatchObject({ ok: false, error: suspended });
    // What core passed as the entry: its failure meta, and no private cache encoding as the cause.
    expect(saved.steps.get("approve")?.meta?.origin).toBe("result");
    expect(JSON.stringify(saved.steps.get("approve"))).not.toContain("__cachedMeta");
    await run();
    expect(calls).toMatchObject({ charge: 1, approve: 1 });
  });

  it("spreads into one workflow call's options: one workflow instance serves every run", async () => {
    const memory = createMemoryCheckpoints();
    const { calls, deps } = counted();
    const workflow = createWorkflow(deps);
    const run = async (runId: string) => {
      const lease = await memory.acquire(runId);
      if (lease === undefined) throw new Error("no lease");
      const result = await workflow(
        async (step, d) => {
          await step(() => d.ship(false)); // unkeyed: fenced, not saved
          return step(() => d.charge(), { key: "charge" });
        },
        createCheckpointHooks(memory.io, runId, { fence: lease }),
      );
      await lease.release();
      return result;
    };
    expect(await Promise.all([run("a"), run("b")])).toStrictEqual([ok("c1"), ok("c2")]);
    expect(await run("a")).toStrictEqual(ok("c1"));
    expect(calls.charge).toBe(2);
    expect([...(await memory.io.load("b")).steps.keys()]).toStrictEqual(["charge"]);
  });

  it("checks the fence before an unkeyed step of a call, so a lost lease starts nothing", async () => {
    const memory = createMemoryCheckpoints();
    const { calls, deps } = counted();
    const lease = await memory.acquire("lost");
    if (lease === undefined) throw new Error("no lease");
    memory.expire("lost");
    const result = await createWorkflow(deps)(
      async (step, d) => step(() => d.ship(false)),
      createCheckpointHooks(memory.io, "lost", { fence: lease }),
    );
    expect(result.ok).toBe(false);
    expect(calls.ship).toBe(0);
  });

  it("does not save a failed step, so a resumed run runs it again", async () => {
    const { io } = createMemoryCheckpoints();
    const { calls, deps } = counted();
    const workflow = createWorkflow(deps, createCheckpointHooks(io, "r2", { fence: false }));
    const run = (fail: boolean) =>
      workflow(async (step, d) => {
        await step(() => d.charge(), { key: "charge" });
        return step(() => d.ship(fail), { key: "ship" });
      });
    expect(await run(true)).toMatchObject({ ok: false, error: "DOWN" });
    expect([...(await io.load("r2")).steps.keys()]).toStrictEqual(["charge"]);
    expect(await run(false)).toStrictEqual(ok("shipped"));
    expect(calls).toMatchObject({ charge: 1, ship: 2 });
  });

  it("stores the entry core passes (raw cause and failure meta), not the result's encoding", async () => {
    const { io } = createMemoryCheckpoints();
    const hooks = createCheckpointHooks(io, "r3", { fence: false });
    const cause = new Error("raw");
    const entry = {
      result: err(suspended, { cause }),
      meta: { origin: "result" as const, resultCause: cause },
    };
    await hooks.onAfterStep(
      "approve",
      err(suspended, { cause: "encoded" }),
      "wf",
      undefined,
      entry,
    );
    const saved = (await io.load("r3")).steps.get("approve");
    expect(saved?.meta?.origin).toBe("result");
    expect(saved?.result).toMatchObject({ ok: false, error: suspended });
    expect((saved?.result as { cause?: Error }).cause?.message).toBe("raw");
  });

  it("forgets an invalidated step so a resumed run runs it again", async () => {
    const { io } = createMemoryCheckpoints();
    const { calls, deps } = counted();
    const workflow = createWorkflow(deps, createCheckpointHooks(io, "r4", { fence: false }));
    const run = (forget: boolean) =>
      workflow(async (step, d) => {
        const charged = await step(() => d.charge(), { key: "charge" });
        if (forget) await step.invalidate("charge");
        return charged;
      });
    await run(true);
    expect((await io.load("r4")).steps.size).toBe(0);
    expect(await run(false)).toStrictEqual(ok("c2"));
    expect(calls.charge).toBe(2);
  });

  it("checks the fence before every step and refuses writes once the lease is lost", async () => {
    const memory = createMemoryCheckpoints();
    const lease = await memory.acquire("r5");
    if (lease === undefined) throw new Error("no lease");
    const hooks = createCheckpointHooks(memory.io, "r5", { fence: lease });
    await hooks.onAfterStep("one", ok(1));
    expect(() => hooks.onBeforeStep?.(undefined)).not.toThrow();
    memory.expire("r5");
    expect(isLockLostError(catchSync(() => hooks.onBeforeStep?.("two")))).toBe(true);
    expect(isLockLostError(catchSync(() => hooks.onBeforeStep?.(undefined)))).toBe(true);
    expect(isLockLostError(await rejection(hooks.onAfterStep("two", ok(2))))).toBe(true);
    expect(isLockLostError(await rejection(hooks.onStepInvalidated("one")))).toBe(true);
    expect([...(await memory.io.load("r5")).steps.keys()]).toStrictEqual(["one"]);
  });

  it("maps a write the store refused inside the write to LockLostError, however the local check went", async () => {
    const statuses = ["lost", "superseded"] as const;
    for (const status of statuses) {
      const io: CheckpointIO = {
        load: async () => ({ steps: new Map() }),
        write: async () => status,
        remove: async () => status,
        delete: async () => false,
        list: async () => [],
      };
      const fence: Fence = { key: "lock-7", token: "t", lost: false, assertHeld: () => {} };
      const error = await rejection(saveCheckpoint(io, "r6", "k", { result: ok(1) }, fence));
      expect(isLockLostError(error)).toBe(true);
      expect((error as { key: string }).key).toBe("lock-7");
      const hooks = createCheckpointHooks(io, "r6", { fence: { lease: fence } });
      expect(isLockLostError(await rejection(hooks.onStepInvalidated("k")))).toBe(true);
    }
  });

  it("fails with LockLostError when a guard has no lease yet", async () => {
    const { io } = createMemoryCheckpoints();
    const hooks = createCheckpointHooks(io, "r7", { fence: { lease: undefined } });
    expect(isLockLostError(catchSync(() => hooks.onBeforeStep?.("k")))).toBe(true);
    expect(isLockLostError(await rejection(hooks.onAfterStep("k", ok(1))))).toBe(true);
    expect(io.writes).toBe(0);
  });

  it("requires a fence choice and a run id, naming the caller", () => {
    const { io } = createMemoryCheckpoints();
    expect(() => createCheckpointHooks(io, "", { fence: false })).toThrow(TypeError);
    // @ts-expect-error fence is required
    expect(() => createCheckpointHooks(io, "r", {})).toThrow(/"fence" is required/);
    expect(() =>
      createCheckpointHooks(io, "r", { fence: undefined as never, caller: "MyStore.forRun" }),
    ).toThrow(/^MyStore\.forRun: option "fence"/);
    expect(createCheckpointHooks(io, "r", { fence: false }).onBeforeStep).toBeUndefined();
  });
});

function catchSync(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error;
  }
}
