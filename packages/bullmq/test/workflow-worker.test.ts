import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { millis, ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, createWorkflowWorker, isRunCancelledError } from "@awaitly/bullmq";
import {
  createApprovalChecker,
  createApprovalStep,
  createMemoryApprovalStore,
} from "@awaitly/hitl";
import { describe, expect, it } from "vitest";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();
const packageDir = fileURLToPath(new URL("..", import.meta.url));

type Gate = { promise: Promise<void>; open: () => void };
function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

// A three-step workflow whose steps count their executions and can be held at a gate.
function threeSteps(options: { holdAt?: string; gate?: Gate; failOnceAt?: string } = {}) {
  const runs: string[] = [];
  const keys: string[] = [];
  let failed = false;
  const work = async (
    name: string,
    key: string,
    signal?: AbortSignal,
  ): AsyncResult<string, never> => {
    runs.push(name);
    keys.push(key);
    if (options.holdAt === name && options.gate) {
      await Promise.race([
        options.gate.promise,
        new Promise((_, reject) =>
          signal?.addEventListener("abort", () => reject(signal.reason as Error)),
        ),
      ]);
    }
    if (options.failOnceAt === name && !failed) {
      failed = true;
      throw new Error(`${name} failed once`);
    }
    return ok(name);
  };
  const deps = { work };
  return {
    runs,
    keys,
    deps,
    workflow: async (
      step: Parameters<
        Parameters<typeof createWorkflowWorker<{ id: number }, typeof deps, string>>[1]["workflow"]
      >[0],
      d: typeof deps,
      _input: { id: number },
      run: { idempotencyKey(k: string): string; signal: AbortSignal },
    ) => {
      const a = await step(() => d.work("a", run.idempotencyKey("a"), run.signal), { key: "a" });
      const b = await step(() => d.work("b", run.idempotencyKey("b"), run.signal), { key: "b" });
      const c = await step(() => d.work("c", run.idempotencyKey("c"), run.signal), { key: "c" });
      return `${a}${b}${c}`;
    },
  };
}

function queueFor() {
  return ctx.track(
    createWorkflowQueue<{ id: number }, string, never>("runs", {
      connection: ctx.redis,
      prefix: ctx.prefix,
      backoffMs: 10,
    }),
  );
}

function workerFor(flow: ReturnType<typeof threeSteps>, extra: { concurrency?: number } = {}) {
  return ctx.track(
    createWorkflowWorker("runs", {
      connection: ctx.client(),
      prefix: ctx.prefix,
      checkpointer: ctx.checkpointer(),
      deps: flow.deps,
      workflow: flow.workflow,
      lockDurationMs: 2000,
      stalledIntervalMs: 1000,
      ...extra,
    }),
  );
}

describe("createWorkflowWorker", () => {
  it("retries a run from the failed step, with the same idempotency keys", async () => {
    const flow = threeSteps({ failOnceAt: "b" });
    const queue = queueFor();
    workerFor(flow);
    await queue.enqueue({ id: 1 }, { runId: "retry-1" });
    expect(await queue.result("retry-1", { timeoutMs: 10_000 })).toStrictEqual(ok("abc"));
    expect(flow.runs).toStrictEqual(["a", "b", "b", "c"]);
    expect(flow.keys).toStrictEqual(["retry-1:a", "retry-1:b", "retry-1:b", "retry-1:c"]);
  });

  it("reports the steps done while a run waits in a slow step, and leaves its checkpoints to expire when it ends", async () => {
    const held = gate();
    const flow = threeSteps({ holdAt: "c", gate: held });
    const queue = queueFor();
    workerFor(flow);
    await queue.enqueue({ id: 1 }, { runId: "progress" });
    await waitFor(async () => {
      const job = await queue.bullQueue.getJob("r_progress");
      return JSON.stringify(job?.progress) === JSON.stringify({ stepsDone: 2, step: "b" });
    });
    const checkpointed = await ctx.redis.hkeys(`${ctx.prefix}:cp:runs:progress`);
    expect(checkpointed.filter((k) => !k.startsWith("\u0000"))).toStrictEqual(["a", "b"]);
    held.open();
    expect(await queue.result("progress", { timeoutMs: 10_000 })).toStrictEqual(ok("abc"));
    // The checkpointer's TTL (7 days) is no longer than the run's: no delete per run.
    const ttl = await ctx.redis.ttl(`${ctx.prefix}:cp:runs:progress`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);
  });

  it("deletes a finished run's checkpoints when they would outlive its record, or never expire", async () => {
    for (const [queueName, ttl] of [
      ["forever", 0],
      ["longer", 30 * 24 * 3600],
    ] as const) {
      const flow = threeSteps();
      const queue = ctx.track(
        createWorkflowQueue<{ id: number }, string, never>(queueName, {
          connection: ctx.redis,
          prefix: ctx.prefix,
        }),
      );
      ctx.track(
        createWorkflowWorker(queueName, {
          connection: ctx.client(),
          prefix: ctx.prefix,
          checkpointer: createRedisCheckpointer(ctx.client(), { prefix: `${ctx.prefix}:cp:`, ttl }),
          deps: flow.deps,
          workflow: flow.workflow,
        }),
      );
      await queue.enqueue({ id: 1 }, { runId: "done" });
      expect(await queue.result("done", { timeoutMs: 10_000 })).toStrictEqual(ok("abc"));
      await waitFor(
        async () => (await ctx.redis.exists(`${ctx.prefix}:cp:${queueName}:done`)) === 0,
      );
    }
  });

  it("checkpoints parallel steps as they complete, so a retry after the last step repeats none", async () => {
    const runs: string[] = [];
    let thrown = false;
    const work = async (name: string): AsyncResult<string, never> => {
      runs.push(name);
      return ok(name);
    };
    const between = gate();
    const queue = queueFor();
    ctx.track(
      createWorkflowWorker("runs", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        deps: { work },
        workflow: async (step, d) => {
          const [a, b] = await Promise.all([
            step(() => d.work("a"), { key: "a" }),
            step(() => d.work("b"), { key: "b" }),
          ]);
          await between.promise; // work outside any step
          const c = await step(() => d.work("c"), { key: "c" });
          if (!thrown) {
            thrown = true;
            throw new Error("fails after its last step, once");
          }
          return `${a}${b}${c}`;
        },
      }),
    );
    await queue.enqueue({ id: 1 }, { runId: "later" });
    const checkpoint = `${ctx.prefix}:cp:runs:later`;
    await waitFor(async () => (await ctx.redis.hexists(checkpoint, "b")) === 1);
    expect(await ctx.redis.hexists(checkpoint, "a")).toBe(1);
    between.open();
    expect(await queue.result("later", { timeoutMs: 10_000 })).toStrictEqual(ok("abc"));
    // The retry replayed a, b and c from their checkpoints: none ran twice.
    expect(runs.sort()).toStrictEqual(["a", "b", "c"]);
  });

  it("gives onEvent each run's workflow events with its run id, without an engine context", async () => {
    const flow = threeSteps();
    const queue = queueFor();
    const seen: Array<{ runId: string; type: string; hasContext: boolean }> = [];
    ctx.track(
      createWorkflowWorker("runs", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        deps: flow.deps,
        workflow: flow.workflow,
        onEvent: (event, runId) =>
          seen.push({ runId, type: event.type, hasContext: "context" in event }),
      }),
    );
    await queue.enqueue({ id: 1 }, { runId: "ev-1" });
    await queue.enqueue({ id: 2 }, { runId: "ev-2" });
    expect(await queue.result("ev-1", { timeoutMs: 10_000 })).toStrictEqual(ok("abc"));
    expect(await queue.result("ev-2", { timeoutMs: 10_000 })).toStrictEqual(ok("abc"));
    for (const runId of ["ev-1", "ev-2"]) {
      const types = seen.filter((e) => e.runId === runId).map((e) => e.type);
      expect(types[0]).toBe("workflow_start");
      expect(types.at(-1)).toBe("workflow_success");
      expect(types.filter((t) => t === "step_success")).toHaveLength(3);
    }
    expect(seen.some((e) => e.hasContext)).toBe(false);
  });

  it("deletes a step the workflow invalidates, so the retried attempt runs it again", async () => {
    const runs: string[] = [];
    let declined = false;
    const work = async (name: string): AsyncResult<string, never> => {
      runs.push(name);
      if (name === "charge" && !declined) {
        declined = true;
        throw new Error("declined once");
      }
      return ok(name);
    };
    const queue = queueFor();
    ctx.track(
      createWorkflowWorker("runs", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        deps: { work },
        workflow: async (step, d) => {
          const reserved = await step(() => d.work("reserve"), { key: "reserve" });
          await step(() => d.work("lookup"), { key: "lookup" });
          try {
            await step(() => d.work("charge"), { key: "charge" });
          } catch (failure) {
            // What a saga's rollback does once it released the reservation.
            await step.invalidate("reserve");
            throw failure;
          }
          return reserved;
        },
        lockDurationMs: 2000,
        stalledIntervalMs: 1000,
      }),
    );
    await queue.enqueue({ id: 1 }, { runId: "undo" });
    expect(await queue.result("undo", { timeoutMs: 10_000 })).toStrictEqual(ok("reserve"));
    expect(runs).toStrictEqual(["reserve", "lookup", "charge", "reserve", "charge"]);
  });

  it("writes no checkpoint and starts no further step once another holder has the job lock", async () => {
    const held = gate();
    const flow = threeSteps({ holdAt: "a", gate: held });
    const queue = queueFor();
    workerFor(flow);
    await queue.enqueue({ id: 1 }, { runId: "stolen" });
    await waitFor(() => flow.runs.includes("a"));
    const lockKey = `${ctx.prefix}:runs:r_stolen:lock`;
    expect(await ctx.redis.get(lockKey)).not.toBeNull();
    await ctx.redis.set(lockKey, "another-worker", "PX", 60_000);
    held.open();
    await new Promise((r) => setTimeout(r, 500));
    expect(flow.runs).toStrictEqual(["a"]);
    expect(await ctx.redis.hgetall(`${ctx.prefix}:cp:runs:stolen`)).toStrictEqual({});
    expect(await ctx.redis.hget(`${ctx.prefix}:runs:awaitly:run:r_stolen`, "o")).toBeNull();
  });

  it("does not run again a run whose outcome was stored by a worker that died before completing its job", async () => {
    const flow = threeSteps();
    const queue = queueFor();
    await queue.enqueue({ id: 1 }, { runId: "stored" });
    // What the dead worker left: the outcome in the run record, an attempt already started.
    await ctx.redis.hset(
      `${ctx.prefix}:runs:awaitly:run:r_stored`,
      "o",
      '{"ok":true,"value":"abc"}',
    );
    await ctx.redis.hset(`${ctx.prefix}:runs:r_stored`, "ats", 1);
    workerFor(flow);
    await waitFor(async () => (await queue.bullQueue.getJob("r_stored"))?.finishedOn !== undefined);
    expect(await queue.result("stored")).toStrictEqual(ok("abc"));
    expect(flow.runs).toStrictEqual([]);
  });

  it("cancels an active run from another process: the step body's signal aborts", async () => {
    const held = gate();
    const flow = threeSteps({ holdAt: "b", gate: held });
    const queue = queueFor();
    workerFor(flow);
    await queue.enqueue({ id: 1 }, { runId: "cancel-me" });
    await waitFor(() => flow.runs.includes("b"));
    const child = spawnSync(
      process.execPath,
      [
        "--conditions=@awaitly/source",
        "--import",
        "tsx",
        "test/support/cancel-run.ts",
        ctx.url,
        ctx.prefix,
        "runs",
        "cancel-me",
      ],
      { cwd: packageDir, encoding: "utf8" },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout.trim()).toBe("true");
    const result = await queue.result("cancel-me", { timeoutMs: 10_000 });
    expect(!result.ok && isRunCancelledError(result.error)).toBe(true);
    expect(flow.runs).toStrictEqual(["a", "b"]);
    held.open();
  });

  it("cancels an active run whose running step ignores its signal", async () => {
    const started: string[] = [];
    const stuck = async (): AsyncResult<string, never> => {
      started.push("stuck");
      return new Promise(() => {}); // never settles, never looks at a signal
    };
    const queue = ctx.track(
      createWorkflowQueue<{ id: number }, string, never>("stuck", {
        connection: ctx.redis,
        prefix: ctx.prefix,
      }),
    );
    ctx.track(
      createWorkflowWorker("stuck", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        deps: { stuck },
        workflow: async (step, d, _input: { id: number }) =>
          step(() => d.stuck(), { key: "stuck" }),
      }),
    );
    await queue.enqueue({ id: 1 }, { runId: "stuck-run" });
    await waitFor(() => started.length === 1);
    expect((await queue.cancel("stuck-run")).ok).toBe(true);
    const result = await queue.result("stuck-run", { timeoutMs: 10_000 });
    expect(!result.ok && isRunCancelledError(result.error)).toBe(true);
  });

  it("hands unfinished runs back on close: another worker finishes them, repeating no step", async () => {
    const held = gate();
    const flow = threeSteps({ holdAt: "b", gate: held });
    const queue = queueFor();
    const first = workerFor(flow);
    await queue.enqueue({ id: 1 }, { runId: "deploy" });
    await waitFor(() => flow.runs.includes("b"));
    const closed = first.close();
    held.open(); // the running step ends; the run goes back to the queue before step c
    await closed;
    expect(flow.runs).toStrictEqual(["a", "b"]);
    expect(await (await queue.bullQueue.getJob("r_deploy"))?.getState()).toBe("waiting");
    workerFor(flow);
    expect(await queue.result("deploy", { timeoutMs: 10_000 })).toStrictEqual(ok("abc"));
    expect(flow.runs).toStrictEqual(["a", "b", "c"]);
  });

  it("parks runs waiting for a signal without holding the only slot, and wakes them with it", async () => {
    const before: number[] = [];
    const after: number[] = [];
    const note = async (list: number[], id: number): AsyncResult<number, never> => {
      list.push(id);
      return ok(id);
    };
    const queue = ctx.track(
      createWorkflowQueue<{ id: number }, string, never>("approvals", {
        connection: ctx.redis,
        prefix: ctx.prefix,
      }),
    );
    ctx.track(
      createWorkflowWorker("approvals", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        concurrency: 1,
        deps: { note },
        workflow: async (step, d, input: { id: number }, run) => {
          await step(() => d.note(before, input.id), { key: "before" });
          const decision = await run.waitForSignal<{ approved: boolean }>("approval");
          await step(() => d.note(after, input.id), { key: "after" });
          return decision.received && decision.payload.approved ? "approved" : "rejected";
        },
      }),
    );
    const count = 30;
    for (let id = 0; id < count; id++) await queue.enqueue({ id }, { runId: `ask-${id}` });
    await waitFor(() => before.length === count);
    await waitFor(async () => (await queue.bullQueue.getDelayedCount()) === count);
    expect(after).toStrictEqual([]);
    for (let id = 0; id < count; id++)
      await queue.signal(`ask-${id}`, "approval", { approved: id % 2 === 0 });
    for (let id = 0; id < count; id++) {
      expect(await queue.result(`ask-${id}`, { timeoutMs: 10_000 })).toStrictEqual(
        ok(id % 2 === 0 ? "approved" : "rejected"),
      );
    }
    expect(before).toHaveLength(count);
    expect(after).toHaveLength(count);
  });

  it("parks runs pending a HITL approval without holding the only slot, and resume() wakes them", async () => {
    const store = createMemoryApprovalStore();
    const checker = createApprovalChecker<{ by: string }>(store);
    const shipped: number[] = [];
    const ship = async (id: number): AsyncResult<number, never> => {
      shipped.push(id);
      return ok(id);
    };
    const approval = (id: number) =>
      createApprovalStep<{ by: string }>({
        key: `approve:${String(id)}`,
        checkApproval: checker(`approve:${String(id)}`),
      })();
    const queue = ctx.track(
      createWorkflowQueue<{ id: number }, string, never>("refunds", {
        connection: ctx.redis,
        prefix: ctx.prefix,
      }),
    );
    ctx.track(
      createWorkflowWorker("refunds", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        concurrency: 1,
        deps: { approval, ship },
        workflow: async (step, d, input: { id: number }) => {
          const decision = await step(() => d.approval(input.id), { key: "approve" });
          await step(() => d.ship(input.id), { key: "ship" });
          return `shipped after ${decision.by}`;
        },
      }),
    );
    const count = 20;
    for (let id = 0; id < count; id++) {
      await store.createApproval(`approve:${String(id)}`);
      await queue.enqueue({ id }, { runId: `refund-${String(id)}` });
    }
    await waitFor(async () => (await queue.bullQueue.getDelayedCount()) === count);
    expect(shipped).toStrictEqual([]);
    for (let id = 0; id < count; id++) {
      await store.grantApproval(`approve:${String(id)}`, { by: "ada" });
      await queue.resume(`refund-${String(id)}`);
    }
    for (let id = 0; id < count; id++) {
      expect(await queue.result(`refund-${String(id)}`, { timeoutMs: 10_000 })).toStrictEqual(
        ok("shipped after ada"),
      );
    }
    expect(shipped).toHaveLength(count);
  });

  it("sleeps durably: a sleeping run frees its slot and resumes after the duration", async () => {
    const order: string[] = [];
    const note = async (what: string): AsyncResult<string, never> => {
      order.push(what);
      return ok(what);
    };
    const queue = ctx.track(
      createWorkflowQueue<{ name: string; sleep: number }, string, never>("sleepy", {
        connection: ctx.redis,
        prefix: ctx.prefix,
      }),
    );
    ctx.track(
      createWorkflowWorker("sleepy", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        concurrency: 1,
        deps: { note },
        workflow: async (step, d, input: { name: string; sleep: number }, run) => {
          await step(() => d.note(`${input.name}:start`), { key: "start" });
          await run.sleep("nap", millis(input.sleep));
          return step(() => d.note(`${input.name}:end`), { key: "end" });
        },
      }),
    );
    await queue.enqueue({ name: "sleeper", sleep: 800 }, { runId: "sleeper" });
    await waitFor(() => order.includes("sleeper:start"));
    await queue.enqueue({ name: "quick", sleep: 0 }, { runId: "quick" });
    expect(await queue.result("quick", { timeoutMs: 10_000 })).toStrictEqual(ok("quick:end"));
    expect(await queue.result("sleeper", { timeoutMs: 10_000 })).toStrictEqual(ok("sleeper:end"));
    expect(order).toStrictEqual(["sleeper:start", "quick:start", "quick:end", "sleeper:end"]);
  });
});
