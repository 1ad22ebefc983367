export type { BatchConfig, BatchProgress, BatchOptions } from "./types";
export type {
  BatchProcessingError,
  InvalidBatchConfigError,
  BatchAbortedError,
  BatchUnexpectedError,
  ProcessInBatchesError,
} from "./errors";
export { isBatchProcessingError, isInvalidBatchConfigError, isBatchAbortedError } from "./errors";
export { processInBatches } from "./process-in-batches";
export { stepInBatches } from "./step-in-batches";
export { batchPresets } from "./presets";
