import { isUnexpectedError, isWorkflowDriftError, ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, createWorkflowWorker } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();

// Counts each step's executions per run, so a repeated or skipped step shows.
function ledger() {
  const done: string[] = [];
  const work = (name: string, runId: string): AsyncResult<string, never> => {
    done.push(`${runId}:${name}`);
    return Promise.resolve(ok(name));
  };
  return { done, deps: { work } };
}

type Work = ReturnType<typeof ledger>["deps"];
type Run = {
  runId: string;
  waitForSignal<T>(name: string): Promise<{ received: boolean; payload?: T }>;
};
type Step = Parameters<
  Parameters<typeof createWorkflowWorker<{ id: number }, Work, string>>[1]["workflow"]
>[0];

// Version 1: a, b, then wait for "go", then c.
const v1 = async (step: Step, d: Work, _input: { id: number }, run: Run) => {
  await step(() => d.work("a", run.runId), { key: "a" });
  await step(() => d.work("b", run.runId), { key: "b" });
  await run.waitForSignal("go");
  await step(() => d.work("c", run.runId), { key: "c" });
  return "v1";
};

// Version 2 inserts "x" between a and b: a run parked by version 1 cannot follow it.
const v2 = async (step: Step, d: Work, _input: { id: number }, run: Run) => {
  await step(() => d.work("a", run.runId), { key: "a" });
  await step(() => d.work("x", run.runId), { key: "x" });
  await step(() => d.work("b", run.runId), { key: "b" });
  await run.waitForSignal("go");
  await step(() => d.work("c", run.runId), { key: "c" });
  return "v2";
};

// Version 2 with the insertion marked: runs parked by version 1 keep their old path.
const v2Patched = async (step: Step, d: Work, _input: { id: number }, run: Run) => {
  await step(() => d.work("a", run.runId), { key: "a" });
  const patched = await step.patched("x");
  if (patched) await step(() => d.work("x", run.runId), { key: "x" });
  await step(() => d.work("b", run.runId), { key: "b" });
  await run.waitForSignal("go");
  await step(() => d.work("c", run.runId), { key: "c" });
  return patched ? "v2" : "v1 path";
};

function worker(flow: typeof v1, deps: Work) {
  return createWorkflowWorker("deploys", {
    connection: ctx.client(),
    prefix: ctx.prefix,
    checkpointer: ctx.checkpointer(),
    deps,
    workflow: flow as never,
    lockDurationMs: 2000,
    stalledIntervalMs: 1000,
  });
}

async function parkOnVersion1(queue: ReturnType<typeof queueFor>, runs: string[]) {
  const old = ledger();
  const first = worker(v1, old.deps);
  for (const [id, runId] of runs.entries()) await queue.enqueue({ id }, { runId });
  await waitFor(async () => (await queue.bullQueue.getDelayedCount()) === runs.length);
  await first.close();
  return old;
}

function queueFor() {
  return ctx.track(
    createWorkflowQueue<{ id: number }, string, never>("deploys", {
      connection: ctx.redis,
      prefix: ctx.prefix,
      backoffMs: 10,
    }),
  );
}

describe("a deploy under parked runs", () => {
  it("fails a drifted run at once with WorkflowDriftError: no retry, nothing past the divergence runs", async () => {
    const queue = queueFor();
    const runs = ["d1", "d2"];
    await parkOnVersion1(queue, runs);
    const now = ledger();
    ctx.track(worker(v2, now.deps));
    for (const runId of runs) await queue.signal(runId, "go", true);
    for (const runId of runs) {
      const result = await queue.result(runId, { timeoutMs: 10_000 });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(isUnexpectedError(result.error)).toBe(true);
      expect(isWorkflowDriftError(result.cause)).toBe(true);
      expect(result.cause).toMatchObject({ index: 1, recorded: "b", requested: "x" });
      expect((result.cause as { runId: string }).runId).toContain(runId);
      const job = await queue.bullQueue.getJob(`r_${runId}`);
      expect(await job?.getState()).toBe("failed");
      // One failed attempt after the wake: a drift is never retried.
      expect(job?.attemptsMade).toBeLessThanOrEqual(2);
    }
    expect(now.done).toStrictEqual([]);
  });

  it("lets runs parked by the old code finish on their old path once the change is a patch", async () => {
    const queue = queueFor();
    const runs = ["p1", "p2"];
    const old = await parkOnVersion1(queue, runs);
    const now = ledger();
    ctx.track(worker(v2Patched, now.deps));
    for (const runId of runs) await queue.signal(runId, "go", true);
    // A run started on the new code, its signal sent before it waits for it.
    await queue.enqueue({ id: 9 }, { runId: "fresh" });
    await queue.signal("fresh", "go", true);
    for (const runId of runs) {
      expect(await queue.result(runId, { timeoutMs: 10_000 })).toStrictEqual(ok("v1 path"));
    }
    expect(await queue.result("fresh", { timeoutMs: 10_000 })).toStrictEqual(ok("v2"));
    // Old runs: a and b once (by version 1), c once (by version 2), never x.
    expect([...old.done, ...now.done].sort()).toStrictEqual(
      [
        "p1:a",
        "p1:b",
        "p1:c",
        "p2:a",
        "p2:b",
        "p2:c",
        "fresh:a",
        "fresh:x",
        "fresh:b",
        "fresh:c",
      ].sort(),
    );
  });
});
