import { ok, resolveClock, type AsyncResult, type RunStep } from "@awaitly/core";
import { aborted, progressOf, runBatch, createJob } from "./internal/run-batch";
import { pause } from "./internal/pause";
import { checkConfig, checkItems } from "./internal/validate";
import type { BatchConfig, BatchOptions } from "./types";

/** What one batch's keyed step records: where it starts and its values, in order. */
interface SavedBatch<R> {
  start: number;
  values: R[];
}

/**
 * `processInBatches` inside a workflow: each batch (its items, `onProgress`, then `afterBatch`) is
 * one keyed step `${key}/${batchNumber}`, so a run resumed from saved state skips the batches it
 * finished and starts at the first unfinished one. Resolves to every value in input order.
 *
 * Failures leave through `step` like any step's: an item's or `afterBatch`'s `err(e)` exits the
 * workflow with `e` itself (its `cause` is the `BatchProcessingError` saying where); a throw, a bad
 * config (`RangeError`) or an abort (the `BatchAbortedError` is thrown) becomes the workflow's
 * `UnexpectedError`. Cancelling the workflow call (its `signal`) also stops new items from starting.
 * Values are saved by your checkpointer, so they must survive its serialisation.
 * @example
 * const vectors = await stepInBatches(step, "embed", docs, (doc) => deps.embed(doc), batchPresets.balanced);
 */
export async function stepInBatches<StepE, T, R, E extends StepE, EA extends StepE = never>(
  step: RunStep<StepE>,
  key: string,
  items: readonly T[],
  fn: (item: T, index: number) => AsyncResult<R, E>,
  config: BatchConfig,
  options?: BatchOptions<EA>,
): Promise<R[]> {
  checkItems("stepInBatches", items);
  const clock = resolveClock(options?.clock, "stepInBatches");
  const invalid = checkConfig(config);
  if (invalid !== undefined)
    throw new RangeError(`stepInBatches: ${invalid.reason}`, { cause: invalid });
  const n = items.length;
  if (n === 0) return [];

  const job = createJob<T, R, E, EA>(items, fn, config, options);
  const delay = config.batchDelayMs ?? 0;
  const signal = options?.signal;
  let previousRan = false;
  // The run's own signal, which core hands to each step's operation when the call was given one.
  let runSignal: AbortSignal | undefined;
  for (let index = 0; index < job.totalBatches; index++) {
    // Replayed batches made no calls, so there is nothing to space out after them.
    if (previousRan && delay > 0) await pause(clock, delay, signal, runSignal);
    const batchNumber = index + 1;
    if (signal?.aborted === true) throw aborted(signal, batchNumber, job.processed);
    const start = index * job.batchSize;
    const end = Math.min(start + job.batchSize, n);
    let ran = false;
    const saved = await step(
      async (stepSignal?: AbortSignal) => {
        ran = true;
        runSignal = stepSignal;
        const outcome = await runBatch(job, index, stepSignal);
        if (outcome.ok) return ok<SavedBatch<R>>({ start, values: job.results.slice(start, end) });
        const failure = outcome.error;
        if (failure.type === "BATCH_PROCESSING_ERROR")
          return { ok: false as const, error: failure.error, cause: failure };
        throw failure.type === "UNEXPECTED_ERROR" ? failure.cause.thrown : failure;
      },
      { key: `${key}/${batchNumber}`, name: `${key} batch ${batchNumber}/${job.totalBatches}` },
    );
    previousRan = ran;
    if (ran) continue;
    if (!isSavedBatch(saved, start, end - start)) {
      throw new TypeError(
        `stepInBatches: the saved step "${key}/${batchNumber}" does not hold items ${start}..${end - 1}; was batchSize or the input changed since it was saved?`,
      );
    }
    for (let i = 0; i < saved.values.length; i++) job.results[start + i] = saved.values[i] as R;
    job.processed += saved.values.length;
    options?.onProgress?.(progressOf(job, batchNumber));
  }
  return job.results;
}

function isSavedBatch<R>(value: unknown, start: number, length: number): value is SavedBatch<R> {
  if (typeof value !== "object" || value === null) return false;
  const { start: s, values } = value as { start?: unknown; values?: unknown };
  return s === start && Array.isArray(values) && values.length === length;
}
