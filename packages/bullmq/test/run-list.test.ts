import { err, ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, type WorkflowQueue } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

type Input = { n: number; fail?: boolean; wait?: boolean };
type Declined = { type: "DECLINED"; reason: string };

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const charge = async (input: Input): AsyncResult<string, Declined> =>
  input.fail ? err({ type: "DECLINED", reason: "card declined" }) : ok(`ch-${input.n}`);
const reserve = async (n: number): AsyncResult<number, never> => ok(n);

function setup(name = "orders"): WorkflowQueue<Input, string, Declined> {
  const queue = ctx.track(
    createWorkflowQueue<Input, string, Declined>(name, {
      connection: ctx.redis,
      prefix: ctx.prefix,
      checkpointer: ctx.checkpointer(),
      version: "v7",
    }),
  );
  ctx.worker(name, {
    version: "v7",
    deps: { charge, reserve },
    workflow: async (step, deps, input: Input, run) => {
      await step(() => deps.reserve(input.n), { key: "reserve" });
      if (input.wait) await run.waitForSignal("approval");
      return step(() => deps.charge(input), { key: "charge" });
    },
  });
  return queue;
}

const statusOf = async (queue: WorkflowQueue<Input, string, Declined>, runId: string) =>
  (await queue.run(runId))?.status;

describe("queue.runs", () => {
  it("lists runs by status, error type and parked-on, each run in one status", async () => {
    const queue = setup();
    await queue.enqueue({ n: 1 }, { runId: "ok-1" });
    await queue.enqueue({ n: 2, fail: true }, { runId: "bad-2" });
    await queue.enqueue({ n: 3, wait: true }, { runId: "park-3" });
    await queue.result("ok-1");
    await queue.result("bad-2");
    await waitFor(async () => (await statusOf(queue, "park-3")) === "parked");
    await waitFor(async () => (await statusOf(queue, "ok-1")) === "completed");
    await waitFor(async () => (await statusOf(queue, "bad-2")) === "failed");

    const failed = await queue.runs({ status: "failed" });
    expect(failed.runs.map((r) => [r.runId, r.errorType])).toEqual([["bad-2", "DECLINED"]]);
    expect((await queue.runs({ errorType: "DECLINED" })).runs.map((r) => r.runId)).toEqual([
      "bad-2",
    ]);
    expect((await queue.runs({ parkedOn: "approval" })).runs.map((r) => r.runId)).toEqual([
      "park-3",
    ]);
    expect((await queue.runs({ status: "completed" })).runs.map((r) => r.runId)).toEqual(["ok-1"]);
    const all = await queue.runs();
    expect(all.runs.map((r) => r.runId).sort()).toEqual(["bad-2", "ok-1", "park-3"]);
    expect(await queue.counts()).toEqual({
      waiting: 0,
      active: 0,
      parked: 1,
      completed: 1,
      failed: 1,
      cancelled: 0,
    });

    // Signalled, the parked run moves on: it leaves the parked status and its index.
    await queue.signal("park-3", "approval", {});
    await queue.result("park-3");
    await waitFor(async () => (await statusOf(queue, "park-3")) === "completed");
    expect((await queue.runs({ parkedOn: "approval" })).runs).toEqual([]);
    expect((await queue.counts()).parked).toBe(0);
    expect((await queue.counts()).completed).toBe(2);
  });

  it("pages with a cursor and bounds by time", async () => {
    const queue = setup();
    // Runs that never start (no worker takes them: a queue with no worker).
    const idle = ctx.track(
      createWorkflowQueue<Input, string, Declined>("idle", {
        connection: ctx.redis,
        prefix: ctx.prefix,
      }),
    );
    for (let i = 0; i < 7; i++) await idle.enqueue({ n: i }, { runId: `w-${i}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await idle.runs({ status: "waiting", limit: 3, cursor });
      seen.push(...page.runs.map((r) => r.runId));
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(seen.sort()).toEqual(["w-0", "w-1", "w-2", "w-3", "w-4", "w-5", "w-6"]);
    expect((await idle.runs({ since: Date.now() + 60_000 })).runs).toEqual([]);
    expect((await idle.runs({ until: new Date(0) })).runs).toEqual([]);
    await expect(idle.runs({ limit: 0 })).rejects.toThrow(/"limit"/);
    await expect(idle.runs({ status: "lost" as never })).rejects.toThrow(/"status"/);
    void queue;
  });

  it("shows a cancelled run as cancelled only", async () => {
    const idle = ctx.track(
      createWorkflowQueue<Input, string, Declined>("idle", {
        connection: ctx.redis,
        prefix: ctx.prefix,
      }),
    );
    await idle.enqueue({ n: 1 }, { runId: "c-1" });
    expect((await idle.cancel("c-1")).ok).toBe(true);
    expect((await idle.runs({ status: "waiting" })).runs).toEqual([]);
    expect((await idle.runs({ status: "cancelled" })).runs.map((r) => r.runId)).toEqual(["c-1"]);
  });
});

describe("run-list retention", () => {
  it("drops a finished run from the list and the counts once its record expires", async () => {
    const idle = ctx.track(
      createWorkflowQueue<Input, string, Declined>("short", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        runTtlSeconds: 1,
      }),
    );
    await idle.enqueue({ n: 1 }, { runId: "gone-1" });
    expect((await idle.cancel("gone-1")).ok).toBe(true);
    expect((await idle.counts()).cancelled).toBe(1);
    await waitFor(
      async () => (await ctx.redis.exists(`${ctx.prefix}:short:awaitly:run:r_gone-1`)) === 0,
    );
    expect((await idle.runs({ status: "cancelled" })).runs).toEqual([]);
    expect((await idle.runs()).runs).toEqual([]);
    expect((await idle.counts()).cancelled).toBe(0);
  });
});

describe("step timeline", () => {
  it("keeps schedule ticks' timelines in records that expire", async () => {
    const queue = setup();
    await queue.schedule("tick", { every: 100 }, { n: 1 });
    await waitFor(async () => (await queue.bullQueue.getCompletedCount()) >= 2);
    await queue.unschedule("tick");
    const records = await ctx.redis.keys(`${ctx.prefix}:orders:awaitly:run:*`);
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const key of records) expect(await ctx.redis.ttl(key)).not.toBe(-1);
  });
});

describe("queue.run", () => {
  it("shows input, status, version, timestamps, outcome and the step timeline", async () => {
    const queue = setup();
    await queue.enqueue({ n: 2, fail: true }, { runId: "bad-2" });
    await queue.result("bad-2");
    await waitFor(async () => (await statusOf(queue, "bad-2")) === "failed");
    const run = await queue.run("bad-2");
    expect(run).toMatchObject({
      runId: "bad-2",
      status: "failed",
      input: { n: 2, fail: true },
      version: "v7",
      attempts: 1,
      errorType: "DECLINED",
      outcome: { ok: false, error: { type: "DECLINED", reason: "card declined" } },
      parkedOn: undefined,
    });
    expect(run?.createdAt).toBeTypeOf("number");
    expect(run?.finishedAt).toBeGreaterThanOrEqual(run?.startedAt ?? Infinity);
    expect(run?.steps.map((s) => [s.key, s.status, s.errorType])).toEqual([
      ["reserve", "completed", undefined],
      ["charge", "failed", "DECLINED"],
    ]);
    expect(run?.steps[0]?.durationMs).toBeTypeOf("number");
  });

  it("shows what a parked run waits on", async () => {
    const queue = setup();
    await queue.enqueue({ n: 3, wait: true }, { runId: "park-3" });
    await waitFor(async () => (await statusOf(queue, "park-3")) === "parked");
    const run = await queue.run("park-3");
    expect(run?.parkedOn).toMatchObject({ on: "approval", stepKey: "awaitly:signal:approval" });
    expect(await queue.run("never")).toBeUndefined();
  });
});
