import { ok, type AsyncResult } from "@awaitly/core";
import { isRunCancelledError, isRunFinishedError } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();
const RUNS = 200;

describe("WorkflowQueue.cancel racing completion", () => {
  it("writes each run's outcome once: cancel and completion never overwrite each other", async () => {
    const cancelAt = new Map<string, () => void>();
    const receipts = async (id: number): AsyncResult<string, never> => ok(`receipt-${id}`);
    const lastStep = async (id: number): AsyncResult<string, never> => {
      // The cancel is timed from the step's own start: from 4 ms before its end to 20 ms after.
      const cancel = cancelAt.get(`order-${id}`);
      if (cancel !== undefined) setTimeout(cancel, 6 + (id % 25));
      await new Promise((r) => setTimeout(r, 10));
      return ok(`shipped-${id}`);
    };
    const queue = ctx.queue<{ id: number }, string, never>("orders");
    const worker = ctx.worker("orders", {
      concurrency: 50,
      deps: { receipts, lastStep },
      workflow: async (step, d, input: { id: number }) => {
        await step(() => d.receipts(input.id), { key: "receipt" });
        return step(() => d.lastStep(input.id), { key: "ship" });
      },
    });

    // What each job did, as BullMQ reported its completion (before anything could remove it).
    const completedWith = new Map<string, { ok: boolean }>();
    worker.bullWorker.on("completed", (job, value: { ok: boolean }) => {
      completedWith.set(job.id ?? "", value);
    });

    const answers = await Promise.all(
      Array.from({ length: RUNS }, async (_, id) => {
        const runId = `order-${id}`;
        const due = new Promise<void>((resolve) => cancelAt.set(runId, resolve));
        await queue.enqueue({ id }, { runId });
        await due;
        const cancelled = await queue.cancel(runId);
        const result = await queue.result(runId, { timeoutMs: 20_000 });
        // The record holds the outcome a moment before BullMQ completes the job with it.
        let job = await queue.bullQueue.getJob(`r_${runId}`);
        await waitFor(async () => {
          job = await queue.bullQueue.getJob(`r_${runId}`);
          return job?.finishedOn !== undefined || job === undefined;
        });
        const completed = completedWith.get(`r_${runId}`);
        return {
          id,
          cancelled,
          result,
          job: job?.returnvalue as { ok: boolean } | undefined,
          completed,
        };
      }),
    );

    let overwritten = 0;
    let cancelledRuns = 0;
    for (const { id, cancelled, result, job, completed } of answers) {
      // What the job did and what result() says agree.
      if (completed !== undefined && completed.ok !== result.ok) overwritten += 1;
      if (cancelled.ok) {
        cancelledRuns += 1;
        // Cancel won the compare-and-set: the run ends cancelled, and its job holds that outcome.
        if (result.ok || !isRunCancelledError(result.error)) overwritten += 1;
        if (job !== undefined && job.ok) overwritten += 1;
      } else {
        // Completion won: the cancel changed nothing and said so.
        expect(isRunFinishedError(cancelled.error) && cancelled.error.state).toBe("ok");
        if (!result.ok || result.value !== `shipped-${id}`) overwritten += 1;
        if (job !== undefined && !job.ok) overwritten += 1;
      }
    }
    expect(overwritten).toBe(0);
    // Both sides of the race happened (the test is about the race, not one side of it).
    expect(cancelledRuns).toBeGreaterThan(0);
    expect(cancelledRuns).toBeLessThan(RUNS);
  }, 60_000);
});
