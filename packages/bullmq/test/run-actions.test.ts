import { err, ok, type AsyncResult } from "@awaitly/core";
import {
  createWorkflowQueue,
  isRunNotFinishedError,
  isSignalPayloadError,
  isStepNotFoundError,
  type StandardSchemaV1,
  type WorkflowQueue,
} from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

type Input = { n: number };
type Declined = { type: "DECLINED" };

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

// `charge` declines until the test lets it through; each step counts its executions.
function setup() {
  const calls = { reserve: 0, charge: 0, ship: 0 };
  const gate = { open: false };
  const reserve = async (n: number): AsyncResult<number, never> => {
    calls.reserve++;
    return ok(n);
  };
  const charge = async (n: number): AsyncResult<number, Declined> => {
    calls.charge++;
    return gate.open ? ok(n * 10) : err({ type: "DECLINED" });
  };
  const ship = async (n: number): AsyncResult<string, never> => {
    calls.ship++;
    return ok(`shipped-${n}`);
  };
  const queue: WorkflowQueue<Input, string, Declined> = ctx.track(
    createWorkflowQueue<Input, string, Declined>("orders", {
      connection: ctx.redis,
      prefix: ctx.prefix,
      checkpointer: ctx.checkpointer(),
    }),
  );
  ctx.worker("orders", {
    deps: { reserve, charge, ship },
    workflow: async (step, deps, input: Input) => {
      const n = await step(() => deps.reserve(input.n), { key: "reserve" });
      const c = await step(() => deps.charge(n), { key: "charge" });
      return step(() => deps.ship(c), { key: "ship" });
    },
  });
  return { queue, calls, gate };
}

describe("queue.retry", () => {
  it("runs a failed run again from its failed step, earlier checkpoints reused", async () => {
    const { queue, calls, gate } = setup();
    await queue.enqueue({ n: 1 }, { runId: "r-1" });
    expect(await queue.result("r-1")).toEqual({ ok: false, error: { type: "DECLINED" } });
    gate.open = true;
    const retried = await queue.retry("r-1", { fromStep: "charge" });
    expect(retried).toEqual({
      ok: true,
      value: { runId: "r-1", fromStep: "charge", invalidated: ["charge"] },
    });
    await waitFor(async () => (await queue.run("r-1"))?.status === "completed");
    expect(await queue.result("r-1")).toEqual({ ok: true, value: "shipped-10" });
    expect(calls).toEqual({ reserve: 1, charge: 2, ship: 1 });
    expect((await queue.runs({ status: "failed" })).runs).toEqual([]);
  });

  it("runs a completed run again from a named step: that step and later ones run again", async () => {
    const { queue, calls, gate } = setup();
    gate.open = true;
    await queue.enqueue({ n: 2 }, { runId: "r-2" });
    expect(await queue.result("r-2")).toEqual({ ok: true, value: "shipped-20" });
    const retried = await queue.retry("r-2", { fromStep: "reserve" });
    expect(retried.ok && retried.value.invalidated).toEqual(["reserve", "charge", "ship"]);
    await waitFor(async () => (await queue.run("r-2"))?.status === "completed");
    expect(calls).toEqual({ reserve: 2, charge: 2, ship: 2 });
  });

  it("refuses an unknown step, an unfinished run and an unknown run, typed", async () => {
    const { queue } = setup();
    await queue.enqueue({ n: 3 }, { runId: "r-3" });
    await queue.result("r-3");
    const step = await queue.retry("r-3", { fromStep: "nope" });
    expect(!step.ok && isStepNotFoundError(step.error)).toBe(true);
    const idle = ctx.track(
      createWorkflowQueue<Input, string, Declined>("idle", {
        connection: ctx.redis,
        prefix: ctx.prefix,
      }),
    );
    await idle.enqueue({ n: 4 }, { runId: "r-4" });
    const waiting = await idle.retry("r-4");
    expect(!waiting.ok && isRunNotFinishedError(waiting.error)).toBe(true);
    expect((await idle.retry("never")).ok).toBe(false);
  });
});

describe("queue.bulk", () => {
  it("cancels every run a filter lists and reports each run's result", async () => {
    const idle = ctx.track(
      createWorkflowQueue<Input, string, Declined>("idle", {
        connection: ctx.redis,
        prefix: ctx.prefix,
      }),
    );
    for (let i = 0; i < 5; i++) await idle.enqueue({ n: i }, { runId: `b-${i}` });
    const done = await idle.bulk({ status: "waiting" }, { type: "cancel" });
    expect(done.map((d) => [d.runId, d.result.ok]).sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => [`b-${i}`, true]),
    );
    expect((await idle.counts()).cancelled).toBe(5);
    const again = await idle.bulk({ status: "cancelled" }, { type: "cancel" });
    expect(again.every((d) => !d.result.ok && d.result.error.type === "RUN_FINISHED")).toBe(true);
  });
});

describe("queue signals option", () => {
  it("validates a signal's payload with the schema named for it, and sends nothing when invalid", async () => {
    const schema: StandardSchemaV1<{ approved: boolean }, { approved: boolean }> = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: (value) =>
          typeof (value as { approved?: unknown } | null)?.approved === "boolean"
            ? { value: value as { approved: boolean } }
            : { issues: [{ message: "approved must be a boolean" }] },
      },
    };
    const idle = ctx.track(
      createWorkflowQueue<Input, string, Declined>("idle", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        signals: { approval: schema },
      }),
    );
    await idle.enqueue({ n: 1 }, { runId: "s-1" });
    const refused = await idle.signal("s-1", "approval", { approved: "yes" });
    expect(!refused.ok && isSignalPayloadError(refused.error)).toBe(true);
    expect(await ctx.redis.hexists(`${ctx.prefix}:idle:awaitly:run:r_s-1`, "s:approval")).toBe(0);
    expect((await idle.signal("s-1", "approval", { approved: true })).ok).toBe(true);
  });
});
