import { err, type AsyncResult, type Result } from "@awaitly/core";
import { CircuitOpenError } from "./circuit-open-error";
import type { CircuitBreakerConfig, CircuitBreakerStats, CircuitState } from "./types";

/** A circuit breaker guarding calls to one dependency. */
export interface CircuitBreaker {
  execute<T>(operation: () => T | Promise<T>, options?: { name?: string | undefined }): Promise<T>;
  executeResult<T, E>(
    operation: () => Result<T, E> | AsyncResult<T, E>,
    options?: { name?: string | undefined },
  ): AsyncResult<T, E | CircuitOpenError>;
  getState(): CircuitState;
  getStats(): CircuitBreakerStats;
  reset(): void;
  forceOpen(): void;
  recordSuccess(): void;
  recordFailure(error?: unknown): void;
}

/** The defaults `createCircuitBreaker` applies. */
export const DEFAULT_CIRCUIT_BREAKER_CONFIG = {
  failureThreshold: 5,
  resetTimeout: 30_000,
  windowSize: 60_000,
  halfOpenMax: 3,
} as const;

function resolveConfig(name: string, config: Partial<CircuitBreakerConfig>): CircuitBreakerConfig {
  const where = `createCircuitBreaker("${name}")`;
  // An option given as `undefined` means "the default", not "never open".
  const pick = <K extends keyof typeof DEFAULT_CIRCUIT_BREAKER_CONFIG>(key: K): number =>
    config[key] ?? DEFAULT_CIRCUIT_BREAKER_CONFIG[key];
  const resolved = {
    failureThreshold: pick("failureThreshold"),
    resetTimeout: pick("resetTimeout"),
    windowSize: pick("windowSize"),
    halfOpenMax: pick("halfOpenMax"),
    onStateChange: config.onStateChange,
  };
  const bad = (option: string, value: unknown, rule: string): never => {
    throw new RangeError(`${where}: ${option} must be ${rule}, got ${String(value)}`);
  };
  if (!Number.isInteger(resolved.failureThreshold) || resolved.failureThreshold < 1)
    bad("failureThreshold", resolved.failureThreshold, "a whole number ≥ 1");
  if (!Number.isFinite(resolved.resetTimeout) || resolved.resetTimeout < 0)
    bad("resetTimeout", resolved.resetTimeout, "a finite number of ms ≥ 0");
  if (!Number.isFinite(resolved.windowSize) || resolved.windowSize <= 0)
    bad("windowSize", resolved.windowSize, "a finite number of ms > 0");
  if (!Number.isInteger(resolved.halfOpenMax) || resolved.halfOpenMax < 0)
    bad("halfOpenMax", resolved.halfOpenMax, "a whole number ≥ 0");
  if (resolved.onStateChange !== undefined && typeof resolved.onStateChange !== "function") {
    throw new TypeError(
      `${where}: onStateChange must be a function, got ${typeof resolved.onStateChange}`,
    );
  }
  return resolved;
}

/**
 * A breaker for one dependency: after `failureThreshold` failures within `windowSize` ms it opens
 * and refuses calls (`CircuitOpenError`, with `retryAfterMs`); `resetTimeout` ms after the last
 * failure calls probe it (half-open), and `halfOpenMax` successes close it again. No timers: every
 * decision reads `Date.now()` when a method is called.
 * @example
 * const breaker = createCircuitBreaker("payments", circuitBreakerPresets.critical);
 * const charged = await breaker.executeResult(() => payments.charge(order));
 */
export function createCircuitBreaker(
  name: string,
  config: Partial<CircuitBreakerConfig> = {},
): CircuitBreaker {
  if (typeof name !== "string" || name === "") {
    throw new TypeError(
      `createCircuitBreaker: name must be a non-empty string, got ${String(name)}`,
    );
  }
  const { failureThreshold, resetTimeout, windowSize, halfOpenMax, onStateChange } = resolveConfig(
    name,
    config,
  );
  let state: CircuitState = "CLOSED";
  let failures: { timestamp: number; error: unknown }[] = [];
  let lastFailureTime: number | null = null;
  let lastSuccessTime: number | null = null;
  let successCount = 0;
  let halfOpenSuccesses = 0;

  const prune = (now: number) => {
    // Failures are in time order: drop the expired prefix.
    let expired = 0;
    while (expired < failures.length && now - failures[expired]!.timestamp >= windowSize) expired++;
    if (expired > 0) failures = failures.slice(expired);
  };
  const transitionTo = (next: CircuitState) => {
    if (next === state) return;
    const previous = state;
    state = next;
    if (next === "HALF_OPEN") halfOpenSuccesses = 0;
    onStateChange?.(previous, next, name);
  };
  const maybeHalfOpen = (now: number): boolean => {
    if (state === "OPEN" && lastFailureTime !== null && now - lastFailureTime >= resetTimeout) {
      transitionTo("HALF_OPEN");
      return true;
    }
    return false;
  };
  const onSuccess = () => {
    lastSuccessTime = Date.now();
    successCount++;
    if (state === "HALF_OPEN") {
      halfOpenSuccesses++;
      if (halfOpenSuccesses >= halfOpenMax) {
        transitionTo("CLOSED");
        failures = [];
      }
    }
  };
  const onFailure = (error: unknown) => {
    const now = Date.now();
    lastFailureTime = now;
    prune(now);
    failures.push({ timestamp: now, error });
    if (state === "HALF_OPEN") transitionTo("OPEN");
    else if (state === "CLOSED" && failures.length >= failureThreshold) transitionTo("OPEN");
  };
  const admit = (): number => {
    if (state !== "OPEN") return 0;
    const now = Date.now();
    if (maybeHalfOpen(now)) return 0;
    return Math.max(0, resetTimeout - (lastFailureTime === null ? 0 : now - lastFailureTime));
  };
  const refusal = (retryAfterMs: number) =>
    new CircuitOpenError({ circuitName: name, state, retryAfterMs });
  const getState = () => {
    if (state === "OPEN") maybeHalfOpen(Date.now());
    return state;
  };

  return {
    async execute(operation) {
      const wait = admit();
      if (wait > 0) throw refusal(wait);
      try {
        const value = await operation();
        onSuccess();
        return value;
      } catch (error) {
        onFailure(error);
        throw error;
      }
    },
    async executeResult(operation) {
      const wait = admit();
      if (wait > 0) return err(refusal(wait));
      let result;
      try {
        result = await operation();
      } catch (error) {
        onFailure(error);
        throw error;
      }
      if (result.ok) onSuccess();
      else onFailure(result.error);
      return result;
    },
    getState,
    getStats() {
      prune(Date.now());
      return {
        state: getState(),
        failureCount: failures.length,
        successCount,
        lastFailureTime,
        lastSuccessTime,
        halfOpenSuccesses,
      };
    },
    reset() {
      transitionTo("CLOSED");
      failures = [];
      halfOpenSuccesses = 0;
    },
    forceOpen() {
      lastFailureTime = Date.now();
      transitionTo("OPEN");
    },
    recordSuccess: onSuccess,
    recordFailure: (error) => onFailure(error ?? new Error("Manual failure")),
  };
}
