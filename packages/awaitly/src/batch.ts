// awaitly/batch: processing many items in bounded batches (@awaitly/batch), plus core's Result
// combinators, which this entry has always re-exported.
export type {
  BatchConfig,
  BatchProgress,
  BatchOptions,
  BatchProcessingError,
  InvalidBatchConfigError,
  BatchAbortedError,
  BatchUnexpectedError,
  ProcessInBatchesError,
} from "@awaitly/batch";
export {
  processInBatches,
  stepInBatches,
  isBatchProcessingError,
  isInvalidBatchConfigError,
  isBatchAbortedError,
  batchPresets,
} from "@awaitly/batch";
export type {
  SettledError,
  EmptyInputError,
  PromiseRejectedError,
  PromiseRejectionCause,
} from "@awaitly/core";
export {
  all,
  allAsync,
  allSettled,
  allSettledAsync,
  any,
  anyAsync,
  partition,
} from "@awaitly/core";
