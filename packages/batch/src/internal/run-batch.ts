import { err, ok, type AsyncResult, type Result } from "@awaitly/core";
import type { BatchAbortedError, BatchProcessingError, BatchUnexpectedError } from "../errors";
import type { BatchConfig, BatchOptions, BatchProgress } from "../types";

/** @internal Everything one run shares across its batches. */
export interface BatchJob<T, R, E, EA> {
  items: readonly T[];
  fn: (item: T, index: number) => AsyncResult<R, E>;
  batchSize: number;
  concurrency: number;
  totalBatches: number;
  options: BatchOptions<EA> | undefined;
  /** Filled at each item's global index, so the order of completion never matters. */
  results: R[];
  /** Items finished successfully so far. */
  processed: number;
}

/** @internal A job over a non-empty `items`, with a config that passed `checkConfig`. */
export function createJob<T, R, E, EA>(
  items: readonly T[],
  fn: (item: T, index: number) => AsyncResult<R, E>,
  config: BatchConfig,
  options: BatchOptions<EA> | undefined,
): BatchJob<T, R, E, EA> {
  return {
    items,
    fn,
    batchSize: config.batchSize,
    concurrency: config.concurrency,
    totalBatches: Math.ceil(items.length / config.batchSize),
    options,
    results: new Array<R>(items.length),
    processed: 0,
  };
}

/** @internal Why one batch stopped early. */
export type BatchFailure<E> = BatchProcessingError<E> | BatchUnexpectedError | BatchAbortedError;

const notAResult = (what: string, value: unknown): TypeError =>
  new TypeError(
    `processInBatches: ${what} must resolve to a Result ({ ok: true, value } or { ok: false, error }), got ${value === null ? "null" : typeof value}`,
  );

/** @internal The shape core's `run()` gives a throw, plus where it happened. */
export const unexpected = (
  thrown: unknown,
  batchNumber: number,
  itemIndex?: number,
): BatchUnexpectedError => ({
  type: "UNEXPECTED_ERROR",
  cause:
    itemIndex === undefined
      ? { type: "UNCAUGHT_EXCEPTION", thrown, batchNumber }
      : { type: "UNCAUGHT_EXCEPTION", thrown, itemIndex, batchNumber },
});

/** @internal */
export const aborted = (
  signal: AbortSignal,
  batchNumber: number,
  processed: number,
): BatchAbortedError => ({
  type: "BATCH_ABORTED",
  reason: signal.reason,
  batchNumber,
  processed,
});

/**
 * @internal Runs batch `index` (0-based) with at most `concurrency` calls in flight, then its hooks.
 * Resolves only once every call it started has settled, so nothing of this batch overlaps the next.
 */
export async function runBatch<T, R, E, EA>(
  job: BatchJob<T, R, E, EA>,
  index: number,
  /** A second reason to stop starting items: the workflow run's own signal. */
  runSignal?: AbortSignal,
): Promise<Result<void, BatchFailure<E | EA>>> {
  const { items, fn, results, options } = job;
  const signal = options?.signal;
  const batchNumber = index + 1;
  const start = index * job.batchSize;
  const end = Math.min(start + job.batchSize, items.length);
  let next = start;
  let failure: BatchFailure<E> | undefined;

  const worker = async (): Promise<void> => {
    // `failure` is re-read after every await: once any call failed, no new call starts.
    while (failure === undefined && next < end) {
      if (signal?.aborted === true || runSignal?.aborted === true) {
        failure = aborted(
          signal?.aborted === true ? signal : (runSignal as AbortSignal),
          batchNumber,
          job.processed,
        );
        return;
      }
      const i = next++;
      let result: Result<R, E>;
      try {
        result = await fn(items[i] as T, i);
        if (typeof result !== "object" || result === null)
          throw notAResult("the item function", result);
      } catch (thrown) {
        failure ??= unexpected(thrown, batchNumber, i);
        return;
      }
      if (!result.ok) {
        failure ??= {
          type: "BATCH_PROCESSING_ERROR",
          error: result.error,
          itemIndex: i,
          batchNumber,
        };
        return;
      }
      // A call that was already running when another failed is let finish; its value is dropped.
      if (failure !== undefined) return;
      results[i] = result.value;
      job.processed++;
    }
  };

  const width = Math.min(job.concurrency, end - start);
  if (width === 1) await worker();
  else {
    const workers: Promise<void>[] = [];
    for (let w = 0; w < width; w++) workers.push(worker());
    await Promise.all(workers);
  }
  if (failure !== undefined) return err(failure);
  return runHooks(job, batchNumber);
}

async function runHooks<T, R, E, EA>(
  job: BatchJob<T, R, E, EA>,
  batchNumber: number,
): Promise<Result<void, BatchFailure<EA>>> {
  const options = job.options;
  if (options === undefined) return ok(undefined);
  try {
    options.onProgress?.(progressOf(job, batchNumber));
    if (options.afterBatch === undefined) return ok(undefined);
    const after = await options.afterBatch();
    if (typeof after !== "object" || after === null) throw notAResult("afterBatch", after);
    if (!after.ok) return err({ type: "BATCH_PROCESSING_ERROR", error: after.error, batchNumber });
  } catch (thrown) {
    return err(unexpected(thrown, batchNumber));
  }
  return ok(undefined);
}

/** @internal Progress after `batchNumber` batches are done. */
export function progressOf<T, R, E, EA>(
  job: BatchJob<T, R, E, EA>,
  batchNumber: number,
): BatchProgress {
  const total = job.items.length;
  const processed = Math.min(batchNumber * job.batchSize, total);
  return {
    batch: batchNumber,
    totalBatches: job.totalBatches,
    processed,
    total,
    percent: Math.round((processed / total) * 100),
  };
}
