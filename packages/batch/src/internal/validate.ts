import type { InvalidBatchConfigError } from "../errors";
import type { BatchConfig } from "../types";

const MAX_TIMER_MS = 2_147_483_647;

const isPositiveInteger = (v: number): boolean => Number.isInteger(v) && v >= 1;

/** @internal `batchSize` is checked first, so when both are wrong the error names it. */
export function checkConfig(config: BatchConfig): InvalidBatchConfigError | undefined {
  for (const field of ["batchSize", "concurrency"] as const) {
    const value = config[field];
    if (!isPositiveInteger(value)) {
      return {
        type: "INVALID_BATCH_CONFIG",
        reason: `${field} must be a positive integer, got ${String(value)}`,
        field,
        value,
      };
    }
  }
  const delay = config.batchDelayMs;
  // Past 2^31 - 1 ms a timer fires at once (Node warns and uses 1 ms): the pause would vanish.
  if (
    delay !== undefined &&
    (typeof delay !== "number" || !Number.isFinite(delay) || delay < 0 || delay > MAX_TIMER_MS)
  ) {
    return {
      type: "INVALID_BATCH_CONFIG",
      reason: `batchDelayMs must be a number of ms from 0 to ${MAX_TIMER_MS} (the longest a timer can wait), got ${String(delay)}`,
      field: "batchDelayMs",
      value: delay,
    };
  }
  return undefined;
}

/** @internal A plain-JavaScript caller can pass anything; a non-array used to run nothing and answer `ok([])`. */
export function checkItems(where: string, items: unknown): void {
  if (!Array.isArray(items)) {
    throw new TypeError(
      `${where}: items must be an array, got ${items === null ? "null" : typeof items}; pass Array.from(iterable) for other collections`,
    );
  }
}
