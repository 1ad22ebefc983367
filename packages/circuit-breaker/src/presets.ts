/** Ready-made configurations; `standard` equals the defaults. */
export const circuitBreakerPresets: {
  readonly critical: {
    failureThreshold: number;
    resetTimeout: number;
    windowSize: number;
    halfOpenMax: number;
  };
  readonly standard: {
    failureThreshold: number;
    resetTimeout: number;
    windowSize: number;
    halfOpenMax: number;
  };
  readonly lenient: {
    failureThreshold: number;
    resetTimeout: number;
    windowSize: number;
    halfOpenMax: number;
  };
} = {
  critical: { failureThreshold: 3, resetTimeout: 60_000, windowSize: 30_000, halfOpenMax: 1 },
  standard: { failureThreshold: 5, resetTimeout: 30_000, windowSize: 60_000, halfOpenMax: 3 },
  lenient: { failureThreshold: 10, resetTimeout: 15_000, windowSize: 120_000, halfOpenMax: 5 },
};
