import type { BatchConfig } from "./types";

/** Ready-made configurations, from memory-tight to throughput-first. */
export const batchPresets: {
  /** 20 items, 3 at a time, 50 ms between batches: memory-tight runtimes, large payloads. */
  readonly conservative: Readonly<BatchConfig>;
  /** 50 items, 5 at a time, 10 ms between batches: most workloads. */
  readonly balanced: Readonly<BatchConfig>;
  /** 100 items, 10 at a time, no pause: throughput when memory is plentiful. */
  readonly aggressive: Readonly<BatchConfig>;
} = Object.freeze({
  conservative: Object.freeze({ batchSize: 20, concurrency: 3, batchDelayMs: 50 }),
  balanced: Object.freeze({ batchSize: 50, concurrency: 5, batchDelayMs: 10 }),
  aggressive: Object.freeze({ batchSize: 100, concurrency: 10, batchDelayMs: 0 }),
});
