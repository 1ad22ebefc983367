import { afterEach, describe, expect, it, vi } from "vitest";
import { ok, type AsyncResult } from "@awaitly/core";
import { isBatchAbortedError, processInBatches } from "@awaitly/batch";

afterEach(() => {
  vi.useRealTimers();
});

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("processInBatches with a signal", () => {
  it("starts no new item after abort, lets running ones finish, and resolves to BATCH_ABORTED", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const release = new Map<number, () => void>();
    const fn = (i: number): AsyncResult<number, never> => {
      started.push(i);
      return new Promise((resolve) => release.set(i, () => resolve(ok(i))));
    };
    let settled = false;
    const run = processInBatches(
      range(20),
      fn,
      { batchSize: 10, concurrency: 2 },
      {
        signal: controller.signal,
      },
    ).then((r) => {
      settled = true;
      return r;
    });
    await tick();
    release.get(0)?.();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    controller.abort("user cancelled");
    release.get(1)?.();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    // Item 2 is still running: the call waits for it rather than leave it behind.
    expect(settled).toBe(false);
    release.get(2)?.();
    const result = await run;
    expect(started).toEqual([0, 1, 2]);
    expect(result).toEqual({
      ok: false,
      error: { type: "BATCH_ABORTED", reason: "user cancelled", batchNumber: 1, processed: 2 },
    });
    if (!result.ok) expect(isBatchAbortedError(result.error)).toBe(true);
  });

  it("does not start at all with an already aborted signal", async () => {
    const fn = vi.fn(async (i: number) => ok(i));
    const result = await processInBatches(
      range(3),
      fn,
      { batchSize: 1, concurrency: 1 },
      {
        signal: AbortSignal.abort("gone"),
      },
    );
    expect(result).toMatchObject({ ok: false, error: { type: "BATCH_ABORTED", batchNumber: 1 } });
    expect(fn).not.toHaveBeenCalled();
  });

  it("cuts the pause between batches short and starts no further batch", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const fn = vi.fn(async (i: number) => ok(i));
    const run = processInBatches(
      range(4),
      fn,
      { batchSize: 2, concurrency: 2, batchDelayMs: 60_000 },
      {
        signal: controller.signal,
      },
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(fn).toHaveBeenCalledTimes(2);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(await run).toMatchObject({
      ok: false,
      error: { type: "BATCH_ABORTED", batchNumber: 2, processed: 2 },
    });
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("finishes normally when the signal is never aborted", async () => {
    const controller = new AbortController();
    const result = await processInBatches(
      range(5),
      async (i) => ok(i),
      { batchSize: 2, concurrency: 2 },
      {
        signal: controller.signal,
      },
    );
    expect(result).toEqual(ok(range(5)));
  });
});
