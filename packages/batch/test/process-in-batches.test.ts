import { afterEach, describe, expect, it, vi } from "vitest";
import { err, isUnexpectedError, ok, type AsyncResult } from "@awaitly/core";
import {
  batchPresets,
  isBatchProcessingError,
  isInvalidBatchConfigError,
  processInBatches,
  type BatchProgress,
} from "@awaitly/batch";

afterEach(() => {
  vi.useRealTimers();
});

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** An item function whose calls finish only when the test says so, in any order. */
function controlled<T>() {
  const pending = new Map<number, (r: Awaited<AsyncResult<T, string>>) => void>();
  const started: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fn = (_item: unknown, index: number): AsyncResult<T, string> => {
    started.push(index);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise((resolve) =>
      pending.set(index, (r) => {
        inFlight--;
        pending.delete(index);
        resolve(r);
      }),
    );
  };
  return {
    fn,
    started,
    pending: () => [...pending.keys()],
    settle: (index: number, r: Awaited<AsyncResult<T, string>>) => {
      const done = pending.get(index);
      if (done === undefined) throw new Error(`item ${index} is not running`);
      done(r);
    },
    maxInFlight: () => maxInFlight,
  };
}

describe("processInBatches validation", () => {
  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, 1e12])(
    "refuses batchDelayMs %s (a timer cannot wait that long) as an err, running nothing",
    async (bad) => {
      const fn = vi.fn(async () => ok(1));
      const result = await processInBatches([1, 2], fn, {
        batchSize: 1,
        concurrency: 1,
        batchDelayMs: bad,
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(isInvalidBatchConfigError(result.error)).toBe(true);
      expect(result.error).toMatchObject({ field: "batchDelayMs" });
      expect((result.error as { reason: string }).reason).toMatch(/2147483647/);
      expect(fn).not.toHaveBeenCalled();
    },
  );

  it("accepts the longest delay a timer can wait", async () => {
    const result = await processInBatches([1], async () => ok(1), {
      batchSize: 1,
      concurrency: 1,
      batchDelayMs: 2_147_483_647,
    });
    expect(result).toStrictEqual(ok([1]));
  });

  it.each([
    ["an object", { length: 2 }],
    ["a string", "ab"],
    ["null", null],
    ["a Set", new Set([1])],
  ])("rejects %s as items with a TypeError (it used to answer ok([]))", async (_, items) => {
    const fn = vi.fn(async () => ok(1));
    await expect(
      processInBatches(items as unknown as number[], fn, { batchSize: 1, concurrency: 1 }),
    ).rejects.toThrow(/processInBatches: items must be an array/);
    expect(fn).not.toHaveBeenCalled();
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "refuses batchSize %s as an err naming the field and value",
    async (bad) => {
      const fn = vi.fn(async () => ok(1));
      const result = await processInBatches([1, 2], fn, { batchSize: bad, concurrency: 1 });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(isInvalidBatchConfigError(result.error)).toBe(true);
      expect(result.error).toMatchObject({ type: "INVALID_BATCH_CONFIG", field: "batchSize" });
      expect(Object.is((result.error as { value: number }).value, bad)).toBe(true);
      expect((result.error as { reason: string }).reason).toMatch(
        /^batchSize must be a positive integer/,
      );
      expect(fn).not.toHaveBeenCalled();
    },
  );

  it.each([0, -3, 2.5, Number.NaN, Number.NEGATIVE_INFINITY])(
    "refuses concurrency %s",
    async (bad) => {
      const result = await processInBatches([1], async () => ok(1), {
        batchSize: 1,
        concurrency: bad,
      });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ field: "concurrency" });
    },
  );

  it("names batchSize when both are wrong, and validates even an empty input", async () => {
    const result = await processInBatches([], async () => ok(1), { batchSize: 0, concurrency: 0 });
    expect(result).toMatchObject({ ok: false, error: { field: "batchSize", value: 0 } });
  });

  it("never throws for a bad config", async () => {
    await expect(
      processInBatches([1], async () => ok(1), { batchSize: -1, concurrency: 1 }),
    ).resolves.toMatchObject({ ok: false });
  });
});

describe("processInBatches", () => {
  it("gives ok([]) for no items without calling fn or any hook", async () => {
    const fn = vi.fn(async () => ok(1));
    const onProgress = vi.fn();
    const afterBatch = vi.fn(async () => ok(undefined));
    const result = await processInBatches(
      [],
      fn,
      { batchSize: 2, concurrency: 2 },
      {
        onProgress,
        afterBatch,
      },
    );
    expect(result).toEqual(ok([]));
    expect(fn).not.toHaveBeenCalled();
    expect(onProgress).not.toHaveBeenCalled();
    expect(afterBatch).not.toHaveBeenCalled();
  });

  it("passes each item with its global index", async () => {
    const seen: [string, number][] = [];
    const result = await processInBatches(
      ["a", "b", "c", "d", "e"],
      async (item, index) => {
        seen.push([item, index]);
        return ok(`${item}${index}`);
      },
      { batchSize: 2, concurrency: 2 },
    );
    expect(result).toEqual(ok(["a0", "b1", "c2", "d3", "e4"]));
    expect(seen.sort()).toEqual([
      ["a", 0],
      ["b", 1],
      ["c", 2],
      ["d", 3],
      ["e", 4],
    ]);
  });

  it("returns values in input order when calls finish in reverse order", async () => {
    const c = controlled<string>();
    const run = processInBatches(range(4), c.fn, { batchSize: 4, concurrency: 4 });
    await tick();
    expect(c.pending()).toEqual([0, 1, 2, 3]);
    for (const i of [3, 1, 2, 0]) {
      c.settle(i, ok(`v${i}`));
      await tick();
    }
    expect(await run).toEqual(ok(["v0", "v1", "v2", "v3"]));
  });

  it("keeps input order under random completion times across many batches", async () => {
    const items = range(500);
    const result = await processInBatches(
      items,
      (item) =>
        new Promise<ReturnType<typeof ok<number>>>((resolve) =>
          setTimeout(() => resolve(ok(item * 2)), Math.floor(Math.random() * 3)),
        ),
      { batchSize: 37, concurrency: 7 },
    );
    expect(result).toEqual(ok(items.map((i) => i * 2)));
  });

  it("never has more than concurrency calls in flight (measured), and a freed slot takes the next item in order", async () => {
    const c = controlled<number>();
    const run = processInBatches(range(10), c.fn, { batchSize: 10, concurrency: 3 });
    await tick();
    expect(c.pending()).toEqual([0, 1, 2]);
    c.settle(1, ok(1));
    await tick();
    expect(c.pending()).toEqual([0, 2, 3]);
    // Settle in a scrambled order until done, checking the in-flight count each time.
    let turn = 0;
    while (c.pending().length > 0) {
      const pending = c.pending();
      expect(pending.length).toBeLessThanOrEqual(3);
      const pick = pending[turn++ % pending.length] as number;
      c.settle(pick, ok(pick));
      await tick();
    }
    expect(await run).toEqual(ok(range(10)));
    expect(c.maxInFlight()).toBe(3);
    expect(c.started).toEqual(range(10));
  });

  it("keeps the in-flight count at concurrency or below under load (10,000 items)", async () => {
    let inFlight = 0;
    let max = 0;
    const result = await processInBatches(
      range(10_000),
      async (i) => {
        inFlight++;
        max = Math.max(max, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        if (i % 3 === 0) await Promise.resolve();
        inFlight--;
        return ok(i);
      },
      { batchSize: 250, concurrency: 8 },
    );
    expect(result.ok).toBe(true);
    expect(max).toBe(8);
  });

  it("starts no item of batch k+1 before every item of batch k has finished", async () => {
    const c = controlled<number>();
    const run = processInBatches(range(6), c.fn, { batchSize: 3, concurrency: 3 });
    await tick();
    expect(c.pending()).toEqual([0, 1, 2]);
    c.settle(0, ok(0));
    c.settle(2, ok(2));
    await tick();
    await tick();
    expect(c.started).toEqual([0, 1, 2]);
    c.settle(1, ok(1));
    await tick();
    expect(c.pending()).toEqual([3, 4, 5]);
    for (const i of [5, 3, 4]) c.settle(i, ok(i));
    expect(await run).toEqual(ok(range(6)));
  });

  it("reports progress after each batch, then awaits afterBatch before the next batch", async () => {
    const log: string[] = [];
    const progress: BatchProgress[] = [];
    const result = await processInBatches(
      range(7),
      async (i) => {
        log.push(`item ${i}`);
        return ok(i);
      },
      { batchSize: 3, concurrency: 2 },
      {
        onProgress: (p) => {
          progress.push(p);
          log.push(`progress ${p.batch}`);
        },
        afterBatch: async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          log.push("after");
          return ok(undefined);
        },
      },
    );
    expect(result).toEqual(ok(range(7)));
    expect(progress).toEqual([
      { batch: 1, totalBatches: 3, processed: 3, total: 7, percent: 43 },
      { batch: 2, totalBatches: 3, processed: 6, total: 7, percent: 86 },
      { batch: 3, totalBatches: 3, processed: 7, total: 7, percent: 100 },
    ]);
    expect(log).toEqual([
      "item 0",
      "item 1",
      "item 2",
      "progress 1",
      "after",
      "item 3",
      "item 4",
      "item 5",
      "progress 2",
      "after",
      "item 6",
      "progress 3",
      "after",
    ]);
  });

  it("stops on the first err with its global index and batch number; no later item, batch or hook runs", async () => {
    const c = controlled<number>();
    const onProgress = vi.fn();
    const afterBatch = vi.fn(async () => ok(undefined));
    const run = processInBatches(
      range(12),
      c.fn,
      { batchSize: 4, concurrency: 2 },
      {
        onProgress,
        afterBatch,
      },
    );
    await tick();
    for (const i of [0, 1, 2, 3]) {
      c.settle(i, ok(i));
      await tick();
    }
    await tick();
    expect(c.pending()).toEqual([4, 5]);
    c.settle(5, err("RATE_LIMITED"));
    await tick();
    // Item 4 was already running: it is let finish, but nothing new starts.
    expect(c.pending()).toEqual([4]);
    c.settle(4, ok(4));
    const result = await run;
    expect(result).toEqual(
      err({ type: "BATCH_PROCESSING_ERROR", error: "RATE_LIMITED", itemIndex: 5, batchNumber: 2 }),
    );
    expect(c.started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(onProgress).toHaveBeenCalledTimes(1);
    expect(afterBatch).toHaveBeenCalledTimes(1);
    if (!result.ok) expect(isBatchProcessingError(result.error)).toBe(true);
  });

  it("reports an afterBatch err without an itemIndex and runs nothing further", async () => {
    const fn = vi.fn(async (i: number) => ok(i));
    let calls = 0;
    const result = await processInBatches(
      range(9),
      fn,
      { batchSize: 3, concurrency: 3 },
      {
        afterBatch: async () => (++calls === 2 ? err("FLUSH_FAILED" as const) : ok(undefined)),
      },
    );
    expect(result).toEqual(
      err({ type: "BATCH_PROCESSING_ERROR", error: "FLUSH_FAILED", batchNumber: 2 }),
    );
    if (!result.ok) expect("itemIndex" in result.error).toBe(false);
    expect(fn).toHaveBeenCalledTimes(6);
  });

  it("pauses batchDelayMs between batches, never after the last (fake timers)", async () => {
    vi.useFakeTimers();
    const starts: [number, number][] = [];
    let settled = false;
    const run = processInBatches(
      range(6),
      async (i) => {
        starts.push([i, Date.now()]);
        return ok(i);
      },
      { batchSize: 2, concurrency: 2, batchDelayMs: 1000 },
    ).then((r) => {
      settled = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(starts.map(([i]) => i)).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(999);
    expect(starts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts.map(([i]) => i)).toEqual([0, 1, 2, 3]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(starts).toHaveLength(6);
    // The last batch is done: the call resolves with no timer left to wait for.
    expect(settled).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(await run).toEqual(ok(range(6)));
    const t0 = starts[0]?.[1] ?? 0;
    expect(starts.map(([, t]) => t - t0)).toEqual([0, 0, 1000, 1000, 2000, 2000]);
  });

  it("does not pause when everything fits in one batch", async () => {
    vi.useFakeTimers();
    const result = processInBatches(range(3), async (i) => ok(i), {
      batchSize: 10,
      concurrency: 1,
      batchDelayMs: 5000,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(await result).toEqual(ok(range(3)));
  });

  it("turns a throwing item function into an UnexpectedError err carrying index and batch, not a rejection", async () => {
    const boom = new Error("socket hang up");
    const result = await processInBatches(
      range(5),
      async (i) => {
        if (i === 3) throw boom;
        return ok(i);
      },
      { batchSize: 2, concurrency: 1 },
    );
    expect(result).toEqual(
      err({
        type: "UNEXPECTED_ERROR",
        cause: { type: "UNCAUGHT_EXCEPTION", thrown: boom, itemIndex: 3, batchNumber: 2 },
      }),
    );
    if (!result.ok) expect(isUnexpectedError(result.error)).toBe(true);
  });

  it("turns a synchronous throw, a non-Result value and a throwing hook into UnexpectedError", async () => {
    const sync = await processInBatches(
      [1],
      (): AsyncResult<number, never> => {
        throw new Error("sync");
      },
      { batchSize: 1, concurrency: 1 },
    );
    expect(sync).toMatchObject({ ok: false, error: { cause: { itemIndex: 0, batchNumber: 1 } } });

    const notResult = await processInBatches([1], async () => undefined as never, {
      batchSize: 1,
      concurrency: 1,
    });
    expect(notResult).toMatchObject({ ok: false, error: { type: "UNEXPECTED_ERROR" } });
    if (!notResult.ok && notResult.error.type === "UNEXPECTED_ERROR")
      expect(notResult.error.cause.thrown).toBeInstanceOf(TypeError);

    const hook = await processInBatches(
      [1, 2],
      async (i) => ok(i),
      { batchSize: 1, concurrency: 1 },
      {
        onProgress: () => {
          throw new Error("progress bar broke");
        },
      },
    );
    expect(hook).toMatchObject({ ok: false, error: { cause: { batchNumber: 1 } } });
    if (!hook.ok && hook.error.type === "UNEXPECTED_ERROR")
      expect("itemIndex" in hook.error.cause).toBe(false);
  });
});

describe("guards", () => {
  it("recognise their own type only and never throw", () => {
    const values = [null, undefined, "BATCH_PROCESSING_ERROR", 42, {}, { type: "OTHER" }];
    for (const v of values) {
      expect(isBatchProcessingError(v)).toBe(false);
      expect(isInvalidBatchConfigError(v)).toBe(false);
    }
    expect(isBatchProcessingError({ type: "BATCH_PROCESSING_ERROR" })).toBe(true);
    expect(isInvalidBatchConfigError({ type: "INVALID_BATCH_CONFIG" })).toBe(true);
    expect(isBatchProcessingError({ type: "INVALID_BATCH_CONFIG" })).toBe(false);
  });
});

describe("batchPresets", () => {
  it("holds the three frozen presets", () => {
    expect(batchPresets).toEqual({
      conservative: { batchSize: 20, concurrency: 3, batchDelayMs: 50 },
      balanced: { batchSize: 50, concurrency: 5, batchDelayMs: 10 },
      aggressive: { batchSize: 100, concurrency: 10, batchDelayMs: 0 },
    });
    expect(Object.isFrozen(batchPresets)).toBe(true);
    expect(Object.isFrozen(batchPresets.balanced)).toBe(true);
  });

  it("each runs as a valid config", async () => {
    for (const preset of Object.values(batchPresets)) {
      const result = await processInBatches(range(3), async (i) => ok(i), preset);
      expect(result).toEqual(ok(range(3)));
    }
  });
});
