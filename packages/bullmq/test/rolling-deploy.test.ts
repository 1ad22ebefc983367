import type { ChildProcess } from "node:child_process";
import { isWorkflowDriftError, ok } from "@awaitly/core";
import { createWorkflowQueue } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { startDeployWorker, stopDeployWorker } from "./support/deploy-processes";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();
const startWorker = (code: "v1" | "v2" | "v2-patched") =>
  startDeployWorker(ctx.url, ctx.prefix, code);
const stopWorker = (child: ChildProcess) => stopDeployWorker(child);

async function rollingDeploy(newCode: "v2" | "v2-patched") {
  const queue = ctx.track(
    createWorkflowQueue<{ n: number }, string, never>("deploy", {
      connection: ctx.redis,
      prefix: ctx.prefix,
      backoffMs: 10,
    }),
  );
  const workers: ChildProcess[] = [];
  try {
    // Two workers on the old code; runs park on a signal.
    const old = await Promise.all([startWorker("v1"), startWorker("v1")]);
    workers.push(...old);
    const oldRuns = Array.from({ length: 8 }, (_, i) => `old-${i}`);
    for (const [n, runId] of oldRuns.entries()) await queue.enqueue({ n }, { runId });
    await waitFor(async () => (await queue.bullQueue.getDelayedCount()) === oldRuns.length, 15_000);
    // The deploy: two workers on the new code start, the old ones stop gracefully.
    workers.push(...(await Promise.all([startWorker(newCode), startWorker(newCode)])));
    await Promise.all(old.map(stopWorker));
    const newRuns = Array.from({ length: 4 }, (_, i) => `new-${i}`);
    for (const [n, runId] of newRuns.entries()) await queue.enqueue({ n }, { runId });
    const all = [...oldRuns, ...newRuns];
    await waitFor(async () => (await queue.bullQueue.getDelayedCount()) === all.length, 15_000);
    for (const runId of all) await queue.signal(runId, "go", true);
    const results = new Map<string, Awaited<ReturnType<typeof queue.result>>>();
    for (const runId of all) results.set(runId, await queue.result(runId, { timeoutMs: 20_000 }));
    const effects = await ctx.redis.hgetall(`${ctx.prefix}:deploy:effects`);
    return { oldRuns, newRuns, results, effects };
  } finally {
    await Promise.all(workers.map(stopWorker));
  }
}

describe("a rolling deploy across worker processes", () => {
  it("finishes every run on the path its history took when the change is a patch: no drift, no repeated step", async () => {
    const { oldRuns, newRuns, results, effects } = await rollingDeploy("v2-patched");
    for (const runId of oldRuns) expect(results.get(runId)).toStrictEqual(ok("old path"));
    for (const runId of newRuns) expect(results.get(runId)).toStrictEqual(ok("new path"));
    const expected: Record<string, string> = {};
    for (const runId of oldRuns)
      for (const key of ["a", "b", "c"]) expected[`${runId}:${key}`] = "1";
    for (const runId of newRuns) {
      for (const key of ["a", "x", "b", "c"]) expected[`${runId}:${key}`] = "1";
    }
    expect(effects).toStrictEqual(expected);
  }, 60_000);

  it("ends the runs the new code drifts from with WorkflowDriftError when the change is not marked", async () => {
    const { oldRuns, newRuns, results, effects } = await rollingDeploy("v2");
    for (const runId of oldRuns) {
      const result = results.get(runId);
      expect(result?.ok).toBe(false);
      expect(result !== undefined && !result.ok && isWorkflowDriftError(result.cause)).toBe(true);
      // Nothing past the divergence ran: no x, no c.
      expect(effects[`${runId}:x`]).toBeUndefined();
      expect(effects[`${runId}:c`]).toBeUndefined();
    }
    for (const runId of newRuns) expect(results.get(runId)).toStrictEqual(ok("new path"));
    expect(Object.values(effects).every((count) => count === "1")).toBe(true);
  }, 60_000);
});
