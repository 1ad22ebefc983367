import { err, ok, realClock, type AsyncResult, type Clock } from "@awaitly/core";
import { createWorkflowWorker } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();
const HOUR = 3_600_000;

/** The real clock read an hour ahead (timers untouched): deadlines land an hour later. */
const hourAhead: Clock = { ...realClock, now: () => Date.now() + HOUR };

describe("createWorkflowWorker({ clock })", () => {
  it("ends a signal wait whose deadline has passed on the worker's clock, without parking", async () => {
    const queue = ctx.queue<null, boolean, never>("deadline");
    ctx.worker("deadline", {
      deps: {},
      clock: hourAhead,
      workflow: async (_step, _deps, _input: null, run) => {
        // Half an hour from now on the real clock: already past on the worker's.
        const signal = await run.waitForSignal("go", { until: Date.now() + HOUR / 2 });
        return signal.received;
      },
    });
    await queue.enqueue(null, { runId: "late" });
    expect(await queue.result("late", { timeoutMs: 10_000 })).toStrictEqual(ok(false));
  });

  it("computes run.sleep's wake time on the worker's clock", async () => {
    const queue = ctx.queue<null, string, never>("sleepy");
    ctx.worker("sleepy", {
      deps: {},
      clock: hourAhead,
      workflow: async (_step, _deps, _input: null, run) => {
        await run.sleep("nap", 10 * 60_000);
        return "woke";
      },
    });
    const before = Date.now();
    await queue.enqueue(null, { runId: "nap" });
    const record = `${ctx.prefix}:sleepy:awaitly:run:r_nap`;
    const deadline = Date.now() + 10_000;
    let wakeAt: string | null = null;
    while (wakeAt === null && Date.now() < deadline) {
      wakeAt = await ctx.redis.hget(record, "t:nap");
      if (wakeAt === null) await new Promise((r) => setTimeout(r, 20));
    }
    const after = Date.now();
    expect(Number(wakeAt)).toBeGreaterThanOrEqual(before + HOUR + 10 * 60_000);
    expect(Number(wakeAt)).toBeLessThanOrEqual(after + HOUR + 10 * 60_000);
  });

  it("waits out a run's retry backoff on the worker's clock", async () => {
    const waits: number[] = [];
    // Real time, but every wait is recorded and cut to nothing.
    const instant: Clock = {
      now: () => Date.now(),
      setTimeout: (callback, ms) => {
        waits.push(ms);
        return realClock.setTimeout(callback, 0);
      },
      clearTimeout: (handle) => realClock.clearTimeout(handle),
    };
    let calls = 0;
    const flaky = async (): AsyncResult<string, "DOWN"> => (++calls < 3 ? err("DOWN") : ok("up"));
    const queue = ctx.queue<null, string, "DOWN">("backoff");
    ctx.worker("backoff", {
      deps: { flaky },
      clock: instant,
      workflow: async (step, deps) =>
        step(() => deps.flaky(), {
          key: "flaky",
          retry: { attempts: 3, initialDelay: HOUR, maxDelay: 2 * HOUR, jitter: false },
        }),
    });
    await queue.enqueue(null, { runId: "flaky" });
    expect(await queue.result("flaky", { timeoutMs: 10_000 })).toStrictEqual(ok("up"));
    expect(waits).toStrictEqual([HOUR, 2 * HOUR]);
  });

  it("rejects a clock that is not a Clock, naming the option", () => {
    expect(() =>
      createWorkflowWorker("bad", {
        connection: ctx.redis,
        checkpointer: ctx.checkpointer(),
        deps: {},
        clock: {} as Clock,
        workflow: async () => 1,
      }),
    ).toThrow(new TypeError('createWorkflowWorker: option "clock" must be a Clock, got {}'));
  });
});
