import { describe, expectTypeOf, it } from "vitest";
import {
  err,
  ok,
  type AsyncResult,
  type Clock,
  type Result,
  type UnexpectedError,
} from "@awaitly/core";
import {
  batchPresets,
  isBatchAbortedError,
  isBatchProcessingError,
  isInvalidBatchConfigError,
  processInBatches,
  type BatchAbortedError,
  type BatchConfig,
  type BatchOptions,
  type BatchProcessingError,
  type BatchUnexpectedError,
  type InvalidBatchConfigError,
  type ProcessInBatchesError,
} from "@awaitly/batch";

type Vector = number[];
declare function embed(text: string): AsyncResult<Vector, "RATE_LIMITED" | "TOO_LONG">;
declare function flush(): AsyncResult<void, "FLUSH_FAILED">;
declare const texts: readonly string[];

describe("processInBatches", () => {
  it("infers the value and error union from the item function", () => {
    const r = processInBatches(texts, (t) => embed(t), batchPresets.balanced);
    expectTypeOf(r).toEqualTypeOf<
      AsyncResult<Vector[], ProcessInBatchesError<"RATE_LIMITED" | "TOO_LONG">>
    >();
    expectTypeOf<ProcessInBatchesError<"X">>().toEqualTypeOf<
      BatchProcessingError<"X"> | InvalidBatchConfigError | BatchUnexpectedError
    >();
  });

  it("adds afterBatch's error to the processing error", () => {
    const r = processInBatches(texts, embed, batchPresets.balanced, { afterBatch: flush });
    expectTypeOf(r).toEqualTypeOf<
      AsyncResult<Vector[], ProcessInBatchesError<"RATE_LIMITED" | "TOO_LONG" | "FLUSH_FAILED">>
    >();
  });

  it("adds BatchAbortedError only when a signal is given", () => {
    const signal = new AbortController().signal;
    const r = processInBatches(texts, embed, batchPresets.balanced, { signal });
    expectTypeOf(r).toEqualTypeOf<
      AsyncResult<Vector[], ProcessInBatchesError<"RATE_LIMITED" | "TOO_LONG"> | BatchAbortedError>
    >();
    const maybe = undefined as AbortSignal | undefined;
    const r2 = processInBatches(texts, embed, batchPresets.balanced, { signal: maybe });
    expectTypeOf(r2).toEqualTypeOf<
      AsyncResult<Vector[], ProcessInBatchesError<"RATE_LIMITED" | "TOO_LONG"> | BatchAbortedError>
    >();
  });

  it("passes the item and its global index", () => {
    void processInBatches(
      [1, 2],
      async (item, index) => {
        expectTypeOf(item).toEqualTypeOf<number>();
        expectTypeOf(index).toEqualTypeOf<number>();
        return item > index ? ok(String(item)) : err("SMALL" as const);
      },
      { batchSize: 1, concurrency: 1 },
    );
  });

  it("rejects item functions that do not return an AsyncResult", () => {
    // @ts-expect-error the item function must return a Promise of a Result
    void processInBatches([1], (n: number) => n * 2, { batchSize: 1, concurrency: 1 });
    // @ts-expect-error batchSize is required
    void processInBatches([1], async (n: number) => ok(n), { concurrency: 1 });
  });

  it("BatchUnexpectedError is a core UnexpectedError", () => {
    expectTypeOf<BatchUnexpectedError>().toMatchTypeOf<UnexpectedError>();
  });
});

describe("guards and presets", () => {
  it("narrow unknown values", () => {
    const e: unknown = null;
    if (isBatchProcessingError(e)) expectTypeOf(e).toEqualTypeOf<BatchProcessingError<unknown>>();
    if (isInvalidBatchConfigError(e))
      expectTypeOf(e.field).toEqualTypeOf<"batchSize" | "concurrency" | "batchDelayMs">();
    if (isBatchAbortedError(e)) expectTypeOf(e.batchNumber).toEqualTypeOf<number>();
  });

  it("presets are BatchConfigs", () => {
    expectTypeOf(batchPresets.aggressive).toMatchTypeOf<BatchConfig>();
    // @ts-expect-error presets are read-only
    batchPresets.balanced.batchSize = 3;
  });

  it("narrows a failed result by type", () => {
    const r = null as unknown as Result<Vector[], ProcessInBatchesError<"RATE_LIMITED">>;
    if (!r.ok && r.error.type === "BATCH_PROCESSING_ERROR") {
      expectTypeOf(r.error.error).toEqualTypeOf<"RATE_LIMITED">();
      expectTypeOf(r.error.itemIndex).toEqualTypeOf<number | undefined>();
    }
  });
});

describe("BatchOptions.clock", () => {
  it("takes an optional Clock", () => {
    expectTypeOf<BatchOptions["clock"]>().toEqualTypeOf<Clock | undefined>();
  });
});
