import type { AsyncResult, Clock } from "@awaitly/core";

/** How items are cut and run: `batchSize` items per batch, at most `concurrency` of them at once. */
export interface BatchConfig {
  /** Items per batch; a positive integer. */
  batchSize: number;
  /** Calls in flight at once inside a batch; a positive integer. */
  concurrency: number;
  /** Pause between two batches, in milliseconds (never after the last one). Defaults to `0`. */
  batchDelayMs?: number | undefined;
}

/** Where a run stands after a batch has finished. */
export interface BatchProgress {
  /** 1-based number of the batch just finished. */
  batch: number;
  /** `Math.ceil(items.length / batchSize)`. */
  totalBatches: number;
  /** Items done so far. */
  processed: number;
  /** `items.length`. */
  total: number;
  /** `Math.round(processed / total * 100)`, 0 to 100. */
  percent: number;
}

/** Hooks and cancellation for `processInBatches`; `TError` is what `afterBatch` may fail with. */
export interface BatchOptions<TError = never> {
  /** Awaited after every successful batch (flush, commit); an `err` stops the run. Defaults to none. */
  afterBatch?: (() => AsyncResult<void, TError>) | undefined;
  /** Called after every successful batch, before `afterBatch`. Defaults to none. */
  onProgress?: ((progress: BatchProgress) => void) | undefined;
  /** Once aborted, no new item starts and the run resolves to a `BatchAbortedError`. Defaults to none. */
  signal?: AbortSignal | undefined;
  /** What the pause between batches (`batchDelayMs`) waits on (a virtual clock in tests). Defaults to the real clock. */
  clock?: Clock | undefined;
}
