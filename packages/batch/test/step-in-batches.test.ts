import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createStepCollector,
  createWorkflow,
  err,
  isUnexpectedError,
  ok,
  run,
  type AsyncResult,
  type ResumeState,
} from "@awaitly/core";
import { stepInBatches, type BatchProgress } from "@awaitly/batch";

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

afterEach(() => {
  vi.useRealTimers();
});

/** A workflow over `items` whose item function fails for the indexes in `failAt` (once each). */
function setup(failAt: Set<number>) {
  const calls: number[] = [];
  const square = async (n: number): AsyncResult<number, "EMBED_FAILED"> => {
    calls.push(n);
    if (failAt.delete(n)) return err("EMBED_FAILED");
    return ok(n * n);
  };
  const collector = createStepCollector();
  const start = (resumeState?: ResumeState, onProgress?: (p: BatchProgress) => void) =>
    createWorkflow(
      { square },
      { onEvent: collector.handleEvent, ...(resumeState ? { resumeState } : {}) },
    )(async (step, deps) =>
      stepInBatches(
        step,
        "squares",
        range(20),
        (n) => deps.square(n),
        {
          batchSize: 2,
          concurrency: 2,
        },
        { ...(onProgress ? { onProgress } : {}) },
      ),
    );
  return { calls, collector, start };
}

describe("stepInBatches", () => {
  it("records each finished batch as one keyed step and returns values in input order", async () => {
    const { collector, start } = setup(new Set());
    const result = await start();
    expect(result).toEqual(ok(range(20).map((n) => n * n)));
    const keys = [...collector.getState().steps.keys()];
    expect(keys).toEqual(range(10).map((b) => `squares/${b + 1}`));
    expect(collector.getState().steps.get("squares/3")?.result).toEqual(
      ok({ start: 4, values: [16, 25] }),
    );
  });

  it("resumes at the first unfinished batch: batches already saved do not run again", async () => {
    // Item 6 (batch 4) fails the first time: the run stops after batches 1–3 were saved.
    const { calls, collector, start } = setup(new Set([6]));
    const first = await start();
    expect(first).toMatchObject({ ok: false, error: "EMBED_FAILED" });
    const saved = collector.getState();
    // core's collector keeps successful steps only: the failed batch 4 will run again.
    expect([...saved.steps.keys()]).toEqual(["squares/1", "squares/2", "squares/3"]);

    calls.length = 0;
    const progress: BatchProgress[] = [];
    const resumed = await start(saved, (p) => progress.push(p));
    expect(resumed).toEqual(ok(range(20).map((n) => n * n)));
    expect(calls.sort((a, b) => a - b)).toEqual(range(14).map((i) => i + 6));
    // Replayed batches still report progress, so a progress bar starts where the run stands.
    expect(progress.map((p) => p.processed)).toEqual(range(10).map((b) => (b + 1) * 2));
  });

  it("pauses only after batches that ran, not after replayed ones (fake timers)", async () => {
    const collector = createStepCollector();
    const calls: number[] = [];
    const failOnce = new Set([6]);
    const square = async (n: number): AsyncResult<number, "STOP"> => {
      calls.push(n);
      return failOnce.delete(n) ? err("STOP") : ok(n * n);
    };
    const start = (state?: ResumeState) =>
      createWorkflow(
        { square },
        { onEvent: collector.handleEvent, ...(state ? { resumeState: state } : {}) },
      )(async (step, deps) =>
        stepInBatches(step, "p", range(10), deps.square, {
          batchSize: 2,
          concurrency: 2,
          batchDelayMs: 1000,
        }),
      );
    vi.useFakeTimers();
    const first = start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(await first).toMatchObject({ ok: false, error: "STOP" });

    calls.length = 0;
    const resumed = start(collector.getState());
    await vi.advanceTimersByTimeAsync(0);
    // Batches 1–3 are replayed at once and batch 4 starts without waiting.
    expect(calls).toEqual([6, 7]);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toEqual([6, 7]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([6, 7, 8, 9]);
    expect(vi.getTimerCount()).toBe(0);
    expect(await resumed).toEqual(ok(range(10).map((n) => n * n)));
  });

  it("exits the workflow with the item's own error, the BatchProcessingError as its cause", async () => {
    const events: unknown[] = [];
    const square = async (n: number): AsyncResult<number, "EMBED_FAILED"> =>
      n === 5 ? err("EMBED_FAILED") : ok(n);
    const result = await createWorkflow(
      { square },
      { onEvent: (e) => events.push(e) },
    )(async (step, deps) =>
      stepInBatches(step, "s", range(8), deps.square, { batchSize: 4, concurrency: 4 }),
    );
    expect(result).toMatchObject({ ok: false, error: "EMBED_FAILED" });
    const failed = events.find(
      (e) =>
        (e as { type: string; stepKey?: string }).type === "step_complete" &&
        (e as { stepKey?: string }).stepKey === "s/2",
    ) as { result: { cause: unknown } } | undefined;
    expect(failed?.result.cause).toEqual({
      type: "BATCH_PROCESSING_ERROR",
      error: "EMBED_FAILED",
      itemIndex: 5,
      batchNumber: 2,
    });
  });

  it("refuses a saved batch that no longer matches the items (batchSize changed)", async () => {
    const collector = createStepCollector();
    await run(
      async (step) =>
        stepInBatches(step, "k", range(6), async (n) => ok(n), {
          batchSize: 3,
          concurrency: 1,
        }),
      { onEvent: collector.handleEvent },
    );
    const resumed = await createWorkflow(
      {},
      { resumeState: collector.getState() },
    )(async (step) =>
      stepInBatches(step, "k", range(6), async (n) => ok(n), { batchSize: 2, concurrency: 1 }),
    );
    expect(resumed.ok).toBe(false);
    if (!resumed.ok && isUnexpectedError(resumed.error)) {
      expect(String((resumed.error.cause as { thrown: unknown }).thrown)).toMatch(
        /does not hold items 0\.\.1; was batchSize or the input changed/,
      );
    }
  });

  it("throws a RangeError for a bad config and returns [] for no items without a step", async () => {
    const fn = vi.fn(async () => ok(1));
    const result = await run(async (s) => {
      expect(
        await stepInBatches(s, "k", [], async () => ok(1), { batchSize: 1, concurrency: 1 }),
      ).toEqual([]);
      return stepInBatches(s, "k", [1], fn, { batchSize: 1, concurrency: 0 });
    });
    expect(result.ok).toBe(false);
    if (!result.ok && result.error.cause.type === "UNCAUGHT_EXCEPTION")
      expect(result.error.cause.thrown).toBeInstanceOf(RangeError);
    expect(fn).not.toHaveBeenCalled();
  });

  it("starts no new item once the workflow call is cancelled; the call resolves to CancelledError", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const release: (() => void)[] = [];
    const square = (n: number): AsyncResult<number, "NEVER"> => {
      started.push(n);
      return new Promise((resolve) => release.push(() => resolve(ok(n * n))));
    };
    const call = createWorkflow({ square })(
      async (step, deps) =>
        stepInBatches(step, "c", range(10), deps.square, { batchSize: 4, concurrency: 2 }),
      { signal: controller.signal },
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    controller.abort("deploy");
    expect(await call).toMatchObject({ ok: false, error: { type: "CANCELLED", reason: "deploy" } });
    // The calls that were running finish, and their workers start nothing more.
    for (const r of release.splice(0)) r();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
  });

  it("stops starting items after abort and throws the BatchAbortedError", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const result = await run(async (step) =>
      stepInBatches(
        step,
        "k",
        range(10),
        async (n) => {
          started.push(n);
          if (n === 3) controller.abort("shutdown");
          return ok(n);
        },
        { batchSize: 2, concurrency: 1 },
        { signal: controller.signal },
      ),
    );
    expect(started).toEqual([0, 1, 2, 3]);
    expect(result).toMatchObject({
      ok: false,
      error: { cause: { thrown: { type: "BATCH_ABORTED", reason: "shutdown", batchNumber: 3 } } },
    });
  });
});
