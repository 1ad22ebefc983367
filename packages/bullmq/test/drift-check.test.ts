import { checkDrift, ok, type AsyncResult, type RunStep } from "@awaitly/core";
import {
  createWorkflowQueue,
  createWorkflowWorker,
  driftRunContext,
  type WorkflowRun,
} from "@awaitly/bullmq";
import { runDriftCheck } from "@awaitly/persistence";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();

const work = (name: string): AsyncResult<string, never> => Promise.resolve(ok(name));
type Deps = { work: typeof work };
type Step = RunStep<never>;

// The deployed code: a, wait for "go", b, wait for "more", c.
const deployed = async (step: Step, d: Deps, _input: { n: number }, run: WorkflowRun) => {
  await step(() => d.work("a"), { key: "a" });
  await run.waitForSignal("go");
  await step(() => d.work("b"), { key: "b" });
  await run.waitForSignal("more");
  await step(() => d.work("c"), { key: "c" });
  return "done";
};

// The new code inserts x after the first wait, unmarked.
const next = async (step: Step, d: Deps, _input: { n: number }, run: WorkflowRun) => {
  await step(() => d.work("a"), { key: "a" });
  await run.waitForSignal("go");
  await step(() => d.work("x"), { key: "x" });
  await step(() => d.work("b"), { key: "b" });
  await run.waitForSignal("more");
  await step(() => d.work("c"), { key: "c" });
  return "done";
};

const queueOn = (version: string) =>
  ctx.track(
    createWorkflowQueue<{ n: number }, string, never>("checks", {
      connection: ctx.redis,
      prefix: ctx.prefix,
      checkpointer: ctx.checkpointer(),
      version,
    }),
  );

/** Parks r1 on "go" (recorded: a) and r2 on "more" (recorded: a, the "go" signal, b) on version 1. */
async function parkRuns() {
  const v1 = queueOn("1");
  const worker = ctx.track(
    createWorkflowWorker("checks", {
      connection: ctx.client(),
      prefix: ctx.prefix,
      checkpointer: ctx.checkpointer(),
      version: "1",
      deps: { work },
      workflow: deployed,
    }),
  );
  await v1.enqueue({ n: 1 }, { runId: "r1" });
  await v1.enqueue({ n: 2 }, { runId: "r2" });
  await waitFor(async () => (await v1.versions())["1"]?.parked === 2);
  await v1.signal("r2", "go", true);
  await waitFor(async () => (await v1.run("r2"))?.parkedOn?.on === "more");
  await worker.close();
  return v1;
}

describe("the pre-deploy check against a queue", () => {
  it("replays a worker's body, its waits included, against every run in flight", async () => {
    const v1 = await parkRuns();
    // A run enqueued for version 2, not started: nothing recorded.
    await queueOn("2").enqueue({ n: 3 }, { runId: "r3" });

    const report = await checkDrift({ body: next, runs: v1.driftRuns(), context: driftRunContext });
    const byRun = Object.fromEntries(report.runs.map((verdict) => [verdict.runId, verdict]));
    expect(report.drifted).toBe(1);
    expect(byRun.r1).toStrictEqual({ runId: "r1", status: "compatible" });
    // r2 replays a, then its recorded "go" signal, and the new code asks for x where b was recorded.
    expect(byRun.r2).toMatchObject({ status: "diverges", index: 2, recorded: "b", requested: "x" });
    expect(byRun.r3).toStrictEqual({ runId: "r3", status: "compatible" });

    // Without the worker's run the replay cannot pass r2's recorded wait.
    const bare = await checkDrift({
      body: next as never,
      runs: v1.driftRuns({ versions: ["1"] }),
    });
    expect(bare.runs.find((verdict) => verdict.runId === "r2")).toMatchObject({
      status: "unchecked",
      reason: expect.stringContaining("waitForSignal") as unknown,
    });
  });

  it("keeps the runs of the versions the new workers take, and runs as the CI gate", async () => {
    const v1 = await parkRuns();
    await queueOn("2").enqueue({ n: 3 }, { runId: "r3" });
    const ids = async (versions?: string[]) => {
      const found: string[] = [];
      for await (const run of v1.driftRuns(versions === undefined ? {} : { versions })) {
        found.push(run.runId);
      }
      return found.sort();
    };
    expect(await ids()).toStrictEqual(["r1", "r2", "r3"]);
    expect(await ids(["2"])).toStrictEqual(["r3"]);
    expect(await ids(["1"])).toStrictEqual(["r1", "r2"]);

    // Version 2's workers take only version 2's runs: nothing they resume drifts.
    const gate = await runDriftCheck({
      body: next,
      runs: v1.driftRuns({ versions: ["2"] }),
      context: driftRunContext,
    });
    expect(gate.drifted).toBe(0);
    expect(gate.runs.map((verdict) => verdict.runId)).toStrictEqual(["r3"]);
  });

  it("refuses to list runs without the workers' checkpointer", async () => {
    const queue = ctx.queue<{ n: number }, string, never>("checks");
    const runs = queue.driftRuns();
    await expect(runs[Symbol.asyncIterator]().next()).rejects.toThrow(/checkpointer/);
  });
});
