import type { Clock } from "@awaitly/core";

/** The breaker's state. */
export type CircuitState = "CLOSED" | "OPEN" | "HALF_OPEN";

/** Configuration of a circuit breaker. */
export interface CircuitBreakerConfig {
  /** Failures inside the window that open a closed circuit (whole number ≥ 1). Defaults to `5`. */
  failureThreshold: number;
  /** Ms from the last failure until an open circuit lets calls probe again (≥ 0). Defaults to `30000`. */
  resetTimeout: number;
  /** Ms a failure stays counted, in 20 slices: between 95% and 100% of it (> 0). Defaults to `60000`. */
  windowSize: number;
  /**
   * Successes while half-open that close the circuit, and the most probes in flight at once while
   * half-open (at least 1) (whole number ≥ 0). Defaults to `3`.
   */
  halfOpenMax: number;
  /** Called on every state change with `(from, to, name)`. Defaults to none. */
  onStateChange?: ((from: CircuitState, to: CircuitState, name?: string) => void) | undefined;
  /**
   * Where the breaker reads the time: failure windows and the open → half-open wait follow it (a
   * virtual clock in tests). Defaults to the real clock.
   */
  clock?: Clock | undefined;
}

/** A snapshot of the breaker's counters. */
export interface CircuitBreakerStats {
  state: CircuitState;
  failureCount: number;
  successCount: number;
  lastFailureTime: number | null;
  lastSuccessTime: number | null;
  halfOpenSuccesses: number;
}
