import type { InvalidBatchConfigError } from "../errors";
import type { BatchConfig } from "../types";

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
  return undefined;
}
