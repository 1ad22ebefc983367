import { err, ok, resolveClock, type AsyncResult, type Result } from "@awaitly/core";
import type { BatchAbortedError, ProcessInBatchesError } from "./errors";
import { aborted, runBatch, createJob } from "./internal/run-batch";
import { pause } from "./internal/pause";
import { checkConfig, checkItems } from "./internal/validate";
import type { BatchConfig, BatchOptions } from "./types";

/**
 * Runs `fn` over `items` in consecutive batches of `batchSize`, at most `concurrency` calls at a
 * time inside a batch, and resolves to every value in input order, or to the first failure.
 * With a `signal`, the error union also holds `BatchAbortedError`.
 * @example
 * const result = await processInBatches(docs, (doc) => embed(doc.text), batchPresets.balanced, {
 *   onProgress: (p) => console.log(`${p.processed}/${p.total} (${p.percent}%)`),
 *   afterBatch: () => flushVectors(),
 * });
 */
export function processInBatches<T, R, E, EA = never>(
  items: readonly T[],
  fn: (item: T, index: number) => AsyncResult<R, E>,
  config: BatchConfig,
  options?: BatchOptions<EA> & { signal?: undefined },
): AsyncResult<R[], ProcessInBatchesError<E | EA>>;
export function processInBatches<T, R, E, EA = never>(
  items: readonly T[],
  fn: (item: T, index: number) => AsyncResult<R, E>,
  config: BatchConfig,
  options: BatchOptions<EA>,
): AsyncResult<R[], ProcessInBatchesError<E | EA> | BatchAbortedError>;
export async function processInBatches<T, R, E, EA>(
  items: readonly T[],
  fn: (item: T, index: number) => AsyncResult<R, E>,
  config: BatchConfig,
  options?: BatchOptions<EA>,
): Promise<Result<R[], ProcessInBatchesError<E | EA> | BatchAbortedError>> {
  checkItems("processInBatches", items);
  const clock = resolveClock(options?.clock, "processInBatches");
  const invalid = checkConfig(config);
  if (invalid !== undefined) return err(invalid);
  if (items.length === 0) return ok([]);

  const job = createJob<T, R, E, EA>(items, fn, config, options);
  const delay = config.batchDelayMs ?? 0;
  const signal = options?.signal;
  for (let index = 0; index < job.totalBatches; index++) {
    if (index > 0 && delay > 0) await pause(clock, delay, signal);
    if (signal?.aborted === true) return err(aborted(signal, index + 1, job.processed));
    const outcome = await runBatch(job, index);
    if (!outcome.ok) return outcome;
  }
  return ok(job.results);
}
