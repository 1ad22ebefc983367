import type { ChildProcess } from "node:child_process";
import { ok } from "@awaitly/core";
import { createWorkflowQueue, type WorkflowQueue } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { startDeployWorker, stopDeployWorker } from "./support/deploy-processes";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();

const queueOn = (version: string): WorkflowQueue<{ n: number }, string, never> =>
  ctx.track(
    createWorkflowQueue<{ n: number }, string, never>("deploy", {
      connection: ctx.redis,
      prefix: ctx.prefix,
      backoffMs: 10,
      version,
    }),
  );

describe("a rolling deploy with versions across worker processes", () => {
  it("old workers drain old runs (one killed mid-run), new runs go to new workers with an unpatched inserted step: no drift, no repeated step", async () => {
    const v1 = queueOn("1");
    const workers: ChildProcess[] = [];
    const start = async (code: "v1" | "v2", version: string) => {
      const child = await startDeployWorker(ctx.url, ctx.prefix, code, version);
      workers.push(child);
      return child;
    };
    try {
      // Two workers run version 1; its runs park on a signal after a and b.
      const old = await Promise.all([start("v1", "1"), start("v1", "1")]);
      const oldRuns = Array.from({ length: 8 }, (_, i) => `old-${i}`);
      for (const [n, runId] of oldRuns.entries()) await v1.enqueue({ n }, { runId });
      await waitFor(async () => (await v1.versions())["1"]?.parked === oldRuns.length, 15_000);

      // The deploy: version 2 inserts step x after a, with no patch; its queue enqueues new runs.
      const v2 = queueOn("2");
      await Promise.all([start("v2", "2"), start("v2", "2")]);
      const newRuns = Array.from({ length: 4 }, (_, i) => `new-${i}`);
      for (const [n, runId] of newRuns.entries()) await v2.enqueue({ n }, { runId });
      await waitFor(async () => (await v2.versions())["2"]?.parked === newRuns.length, 15_000);
      expect((await v2.versions())["1"]).toStrictEqual({ waiting: 0, active: 0, parked: 8 });

      // The old runs are signalled (through the new queue); the worker running old-0 dies in
      // step c, before its side effect: the surviving version-1 worker takes the run over.
      // The kill waits for the other old runs to finish: a run caught by the kill between its
      // side effect and its checkpoint would rightly run that in-flight step again.
      await ctx.redis.set(`${ctx.prefix}:deploy:hang`, "old-0");
      for (const runId of oldRuns)
        expect(await v2.signal(runId, "go", true)).toStrictEqual(ok(undefined));
      await waitFor(async () => (await ctx.redis.get(`${ctx.prefix}:deploy:hanging`)) !== null);
      for (const runId of oldRuns.slice(1)) {
        expect(await v2.result(runId, { timeoutMs: 20_000 })).toStrictEqual(ok("old path"));
      }
      await ctx.redis.del(`${ctx.prefix}:deploy:hang`);
      const pid = Number(await ctx.redis.get(`${ctx.prefix}:deploy:hanging`));
      const killed = old.find((child) => child.pid === pid);
      expect(killed).toBeDefined();
      await stopDeployWorker(killed!, "SIGKILL");

      // Version 1 drains: its count reaches 0, then its last worker stops gracefully.
      await waitFor(async () => {
        const counts = (await v2.versions())["1"];
        return counts === undefined || counts.waiting + counts.active + counts.parked === 0;
      }, 30_000);
      await Promise.all(old.map((child) => stopDeployWorker(child)));

      for (const runId of newRuns) await v2.signal(runId, "go", true);
      for (const runId of oldRuns) {
        expect(await v2.result(runId, { timeoutMs: 20_000 })).toStrictEqual(ok("old path"));
      }
      for (const runId of newRuns) {
        expect(await v1.result(runId, { timeoutMs: 20_000 })).toStrictEqual(ok("new path"));
      }
      const expected: Record<string, string> = {};
      for (const runId of oldRuns)
        for (const key of ["a", "b", "c"]) expected[`${runId}:${key}`] = "1";
      for (const runId of newRuns) {
        for (const key of ["a", "x", "b", "c"]) expected[`${runId}:${key}`] = "1";
      }
      expect(await ctx.redis.hgetall(`${ctx.prefix}:deploy:effects`)).toStrictEqual(expected);
      expect((await v2.runs({ status: "failed" })).runs).toStrictEqual([]);
      expect((await v2.versions())["2"]).toStrictEqual({ waiting: 0, active: 0, parked: 0 });
    } finally {
      await Promise.all(workers.map((child) => stopDeployWorker(child)));
    }
  }, 90_000);
});
