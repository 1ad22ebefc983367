/** How retry delays grow between attempts. */
export type BackoffStrategy = "fixed" | "linear" | "exponential";

/** Retry policy of a step. */
export type RetryOptions = {
  /** Total attempts including the first: a whole number ≥ 0 (`0` runs once, like `1`). */
  attempts: number;
  /** Delay growth. Defaults to `"exponential"`. */
  backoff?: BackoffStrategy | undefined;
  /** Delay after the first failure, in ms. Defaults to `100`. */
  initialDelay?: number | undefined;
  /** Upper bound of any delay, in ms, jitter included. Defaults to `30000`. */
  maxDelay?: number | undefined;
  /** Adds up to +25% random delay (never past `maxDelay`). Defaults to `true`. */
  jitter?: boolean | undefined;
  /** Decides whether a failure of attempt `attempt` is retried. Defaults to always. */
  retryOn?: ((error: unknown, attempt: number) => boolean) | undefined;
  /** Called before sleeping for the next attempt. Defaults to a no-op. */
  onRetry?: ((error: unknown, attempt: number, delayMs: number) => void) | undefined;
};

/** Timeout of each attempt of a step. */
export type TimeoutOptions = {
  /** Milliseconds before the attempt is abandoned: finite and > 0. */
  ms: number;
  /** Value thrown on timeout. Defaults to a `StepTimeoutError`. */
  error?: unknown;
  /** Pass an `AbortSignal` to the operation, aborted on timeout. Defaults to `false`. */
  signal?: boolean | undefined;
};

/** Options of `step(...)`; a string is shorthand for `{ name }`. */
export type StepOptions = {
  name?: string | undefined;
  key?: string | undefined;
  retry?: RetryOptions | undefined;
  timeout?: TimeoutOptions | undefined;
};

/** The default error a timed-out step throws. */
export type StepTimeoutError = {
  type: "STEP_TIMEOUT";
  stepName?: string | undefined;
  stepKey?: string | undefined;
  timeoutMs: number;
  attempt?: number | undefined;
};

/** What `getStepTimeoutMeta` tells about a timeout value. */
export type StepTimeoutMarkerMeta = {
  timeoutMs: number;
  stepName?: string | undefined;
  stepKey?: string | undefined;
  attempt?: number | undefined;
};
