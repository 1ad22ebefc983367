import { describe, expect, it } from "vitest";
import { createWorkflow, ok, type AsyncResult, type Clock } from "@awaitly/core";
import { processInBatches, stepInBatches } from "@awaitly/batch";
import { createVirtualClock } from "@awaitly/testing";

const items = [1, 2, 3, 4, 5, 6];

describe("processInBatches({ clock })", () => {
  it("pauses an hour between batches on the clock", async () => {
    const clock = createVirtualClock({ start: 0 });
    const startedAt: number[] = [];
    const double = async (n: number): AsyncResult<number, never> => {
      startedAt.push(clock.now());
      return ok(n * 2);
    };
    const pending = processInBatches(
      items,
      double,
      { batchSize: 2, concurrency: 2, batchDelayMs: 3_600_000 },
      { clock },
    );
    await clock.advance("1h 59m");
    expect(startedAt).toEqual([0, 0, 3_600_000, 3_600_000]);
    await clock.advance("1m");
    expect(await pending).toEqual(ok([2, 4, 6, 8, 10, 12]));
    expect(startedAt.slice(4)).toEqual([7_200_000, 7_200_000]);
  });

  it("stops pausing when the signal aborts, clearing the clock's timer", async () => {
    const clock = createVirtualClock();
    const controller = new AbortController();
    const pending = processInBatches(
      items,
      async (n: number): AsyncResult<number, never> => ok(n),
      { batchSize: 3, concurrency: 3, batchDelayMs: 86_400_000 },
      { clock, signal: controller.signal },
    );
    await clock.flush();
    expect(clock.pending()).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { type: "BATCH_ABORTED" } });
    expect(clock.pending()).toBe(0);
  });

  it("rejects a clock that is not a Clock, naming the function and the option", async () => {
    await expect(
      processInBatches(
        items,
        async (n: number) => ok(n),
        { batchSize: 1, concurrency: 1 },
        {
          clock: {} as Clock,
        },
      ),
    ).rejects.toThrow(new TypeError('processInBatches: option "clock" must be a Clock, got {}'));
  });
});

describe("stepInBatches({ clock })", () => {
  it("pauses between batch steps on the clock given to it and to the workflow", async () => {
    const clock = createVirtualClock({ start: 0 });
    const startedAt: number[] = [];
    const embed = async (n: number): AsyncResult<number, "DOWN"> => {
      startedAt.push(clock.now());
      return ok(-n);
    };
    const workflow = createWorkflow({ embed }, { clock });
    const pending = workflow(async (step, deps) =>
      stepInBatches(
        step,
        "embed",
        items,
        (n) => deps.embed(n),
        {
          batchSize: 3,
          concurrency: 3,
          batchDelayMs: 30_000,
        },
        { clock },
      ),
    );
    await clock.advance("30s");
    expect(await pending).toEqual(ok([-1, -2, -3, -4, -5, -6]));
    expect(startedAt).toEqual([0, 0, 0, 30_000, 30_000, 30_000]);
  });
});
