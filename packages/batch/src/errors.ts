import { hasType } from "@awaitly/core";

/** An item function (or `afterBatch`) returned `err`; says where the run stopped. */
export interface BatchProcessingError<E> {
  type: "BATCH_PROCESSING_ERROR";
  /** What the item function or `afterBatch` returned as its error. */
  error: E;
  /** Global index of the failing item in `items`; absent when `afterBatch` failed. */
  itemIndex?: number;
  /** 1-based number of the batch that failed. */
  batchNumber: number;
}

/**
 * `batchSize` or `concurrency` is not a positive integer, or `batchDelayMs` is not a number of ms
 * a timer can wait (0 to 2,147,483,647); nothing ran.
 */
export interface InvalidBatchConfigError {
  type: "INVALID_BATCH_CONFIG";
  /** What is wrong, e.g. "batchSize must be a positive integer". */
  reason: string;
  field: "batchSize" | "concurrency" | "batchDelayMs";
  /** The rejected value, as given. */
  value: number;
}

/** The `signal` was aborted: no item started after that. */
export interface BatchAbortedError {
  type: "BATCH_ABORTED";
  /** `signal.reason`. */
  reason: unknown;
  /** 1-based number of the batch that was running or about to start. */
  batchNumber: number;
  /** Items that had finished successfully before the run stopped. */
  processed: number;
}

/**
 * Something threw instead of returning a Result (the item function, `afterBatch` or `onProgress`).
 * It is core's `UnexpectedError` shape, so `isUnexpectedError` recognises it; `itemIndex` is absent
 * when a hook threw.
 */
export interface BatchUnexpectedError {
  type: "UNEXPECTED_ERROR";
  cause: {
    type: "UNCAUGHT_EXCEPTION";
    thrown: unknown;
    itemIndex?: number;
    batchNumber: number;
  };
}

/** Every error `processInBatches` can resolve to without a `signal`. */
export type ProcessInBatchesError<E> =
  BatchProcessingError<E> | InvalidBatchConfigError | BatchUnexpectedError;

/** True for a `BatchProcessingError` (checks `type` only, so copies of the package agree). */
export const isBatchProcessingError = (value: unknown): value is BatchProcessingError<unknown> =>
  hasType(value, "BATCH_PROCESSING_ERROR");

/** True for an `InvalidBatchConfigError`. */
export const isInvalidBatchConfigError = (value: unknown): value is InvalidBatchConfigError =>
  hasType(value, "INVALID_BATCH_CONFIG");

/** True for a `BatchAbortedError`. */
export const isBatchAbortedError = (value: unknown): value is BatchAbortedError =>
  hasType(value, "BATCH_ABORTED");
