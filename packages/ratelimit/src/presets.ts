/** Ready-made limiter configurations. */
export const rateLimiterPresets: {
  readonly api: { maxPerSecond: number; burstCapacity: number; strategy: "wait" };
  readonly database: { maxConcurrent: number; strategy: "queue"; maxQueueSize: number };
  readonly external: { maxPerSecond: number; burstCapacity: number; strategy: "wait" };
} = {
  api: { maxPerSecond: 10, burstCapacity: 20, strategy: "wait" },
  database: { maxConcurrent: 10, strategy: "queue", maxQueueSize: 100 },
  external: { maxPerSecond: 5, burstCapacity: 10, strategy: "wait" },
};
