import { err, resolveClock, type AsyncResult, type Clock, type Result } from "@awaitly/core";
import { CircuitOpenError } from "./circuit-open-error";
import { createFailureWindow } from "./internal/failure-window";
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

function resolveConfig(
  name: string,
  config: Partial<CircuitBreakerConfig>,
): CircuitBreakerConfig & { clock: Clock } {
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
    clock: resolveClock(config.clock, where),
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
 * failure up to `halfOpenMax` calls at a time probe it (half-open) while the rest are refused, and
 * `halfOpenMax` successes close it again. No timers: every
 * decision reads the clock (`clock.now()`, the real `Date.now()` by default) when a method is called.
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
  const { failureThreshold, resetTimeout, windowSize, halfOpenMax, onStateChange, clock } =
    resolveConfig(name, config);
  let state: CircuitState = "CLOSED";
  const failures = createFailureWindow(windowSize);
  let lastFailureTime: number | null = null;
  let lastSuccessTime: number | null = null;
  let successCount = 0;
  let halfOpenSuccesses = 0;
  // Probes are counted per half-open period, so a call admitted earlier never frees a slot.
  const probeLimit = Math.max(1, halfOpenMax);
  let probesInFlight = 0;
  let halfOpenPeriod = 0;

  const transitionTo = (next: CircuitState) => {
    if (next === state) return;
    const previous = state;
    state = next;
    if (next === "HALF_OPEN") {
      halfOpenSuccesses = 0;
      probesInFlight = 0;
      halfOpenPeriod++;
    }
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
    lastSuccessTime = clock.now();
    successCount++;
    if (state === "HALF_OPEN") {
      halfOpenSuccesses++;
      if (halfOpenSuccesses >= halfOpenMax) {
        transitionTo("CLOSED");
        failures.clear();
      }
    }
  };
  // Failures are counted, not kept: the error values are not needed after the call.
  const onFailure = () => {
    const now = clock.now();
    lastFailureTime = now;
    failures.add(now);
    if (state === "HALF_OPEN") transitionTo("OPEN");
    else if (state === "CLOSED" && failures.count(now) >= failureThreshold) transitionTo("OPEN");
  };
  const refusal = (retryAfterMs: number) =>
    new CircuitOpenError({ circuitName: name, state, retryAfterMs });
  const probesBusy = () =>
    new CircuitOpenError({
      circuitName: name,
      state,
      retryAfterMs: 0,
      message: `Circuit breaker "${name}" is HALF_OPEN and its ${probeLimit} probe${probeLimit === 1 ? " is" : "s are"} in flight. Retry when they settle`,
    });
  /** Admits a call (returns the half-open period it probes, or 0) or returns the refusal. */
  const admit = (): number | CircuitOpenError => {
    if (state === "OPEN") {
      const now = clock.now();
      if (!maybeHalfOpen(now)) {
        const elapsed = lastFailureTime === null ? 0 : now - lastFailureTime;
        return refusal(Math.max(0, resetTimeout - elapsed));
      }
    }
    if (state !== "HALF_OPEN") return 0;
    if (probesInFlight >= probeLimit) return probesBusy();
    probesInFlight++;
    return halfOpenPeriod;
  };
  const settle = (period: number) => {
    if (period !== 0 && period === halfOpenPeriod && probesInFlight > 0) probesInFlight--;
  };
  const getState = () => {
    if (state === "OPEN") maybeHalfOpen(clock.now());
    return state;
  };

  return {
    async execute(operation) {
      const probe = admit();
      if (typeof probe !== "number") throw probe;
      let value;
      try {
        value = await operation();
      } catch (error) {
        settle(probe);
        onFailure();
        throw error;
      }
      settle(probe);
      try {
        onSuccess();
      } catch (error) {
        // A throwing onStateChange on the success path counts as the call's failure.
        onFailure();
        throw error;
      }
      return value;
    },
    async executeResult(operation) {
      const probe = admit();
      if (typeof probe !== "number") return err(probe);
      let result;
      try {
        result = await operation();
      } catch (error) {
        settle(probe);
        onFailure();
        throw error;
      }
      settle(probe);
      if (result.ok) onSuccess();
      else onFailure();
      return result;
    },
    getState,
    getStats() {
      return {
        state: getState(),
        failureCount: failures.count(clock.now()),
        successCount,
        lastFailureTime,
        lastSuccessTime,
        halfOpenSuccesses,
      };
    },
    reset() {
      transitionTo("CLOSED");
      failures.clear();
      halfOpenSuccesses = 0;
    },
    forceOpen() {
      lastFailureTime = clock.now();
      transitionTo("OPEN");
    },
    recordSuccess: onSuccess,
    recordFailure: () => onFailure(),
  };
}
