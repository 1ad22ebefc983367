import { ok, type AsyncResult } from "@awaitly/core";
import { isRunDeadlineError, isStepDeadlineError } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

const never = (): AsyncResult<string, never> => new Promise(() => {});
const quick = async (what: string): AsyncResult<string, never> => ok(what);

describe("createWorkflowWorker({ stepTimeoutMs, runTimeoutMs })", () => {
  it("fails a run whose step never settles with a StepDeadlineError, aborts its signal and frees the slot", async () => {
    const errors: Error[] = [];
    const signals: AbortSignal[] = [];
    const queue = ctx.queue<{ hang: boolean }, string, never>("steps");
    ctx.worker("steps", {
      concurrency: 1,
      stepTimeoutMs: 300,
      deps: { never, quick },
      onError: (error) => errors.push(error),
      workflow: async (step, d, input: { hang: boolean }, run) => {
        signals.push(run.signal);
        return step(() => (input.hang ? d.never() : d.quick("done")), { key: "work" });
      },
    });
    await queue.enqueue({ hang: true }, { runId: "hung" });
    await queue.enqueue({ hang: false }, { runId: "after" });
    const hung = await queue.result("hung", { timeoutMs: 10_000 });
    expect(hung.ok).toBe(false);
    if (!hung.ok) {
      expect(isStepDeadlineError(hung.error)).toBe(true);
      expect(hung.error).toMatchObject({ runId: "hung", stepKey: "work", timeoutMs: 300 });
    }
    expect(signals[0]?.aborted).toBe(true);
    expect(errors.some(isStepDeadlineError)).toBe(true);
    // One slot: the next run got it.
    expect(await queue.result("after", { timeoutMs: 10_000 })).toEqual({ ok: true, value: "done" });
  });

  it("fails a run that runs past runTimeoutMs with a RunDeadlineError, without a retry", async () => {
    let starts = 0;
    const queue = ctx.queue<{ id: number }, string, never>("runs");
    ctx.worker("runs", {
      runTimeoutMs: 300,
      deps: { never, quick },
      workflow: async (step, d) => {
        starts++;
        await step(() => d.quick("first"), { key: "first" });
        return step(() => d.never(), { key: "hang" });
      },
    });
    await queue.enqueue({ id: 1 }, { runId: "slow" });
    const result = await queue.result("slow", { timeoutMs: 10_000 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(isRunDeadlineError(result.error)).toBe(true);
      expect(result.error).toMatchObject({ runId: "slow", timeoutMs: 300 });
    }
    expect(starts).toBe(1);
  });

  it("refuses a deadline that is not a whole number of ms within the timer limit", () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 31]) {
      expect(() =>
        ctx.worker("bad", { deps: {}, stepTimeoutMs: bad, workflow: async () => 1 }),
      ).toThrow(/stepTimeoutMs/);
    }
  });
});

describe("WorkflowWorker.close({ timeoutMs })", () => {
  it("resolves while a step never settles, hands the run back, and returns one promise to every call", async () => {
    let entered = false;
    const queue = ctx.queue<{ id: number }, string, never>("closing");
    const workflow = async (
      step: Parameters<Parameters<typeof ctx.worker>[1]["workflow"]>[0],
      d: { never: typeof never; quick: typeof quick },
      _input: { id: number },
      run: { attempt: number },
    ) =>
      step(
        () => {
          if (run.attempt > 1) return d.quick("resumed");
          entered = true;
          return d.never();
        },
        { key: "work" },
      );
    const first = ctx.worker("closing", { deps: { never, quick }, workflow });
    await queue.enqueue({ id: 1 }, { runId: "stuck" });
    for (let i = 0; i < 500 && !entered; i++) await new Promise((r) => setTimeout(r, 20));
    const closing = first.close({ timeoutMs: 200 });
    expect(first.close()).toBe(closing);
    await closing;
    expect(await queue.bullQueue.getJobState("r_stuck")).toBe("waiting");
    ctx.worker("closing", { deps: { never, quick }, workflow });
    expect(await queue.result("stuck", { timeoutMs: 10_000 })).toEqual({
      ok: true,
      value: "resumed",
    });
  });
});
