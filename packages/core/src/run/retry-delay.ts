import { assertKnownOptions } from "../workflow/known-options";
import { badInput } from "./internal/bad-input";
import type { BackoffStrategy, RetryOptions } from "./step-options";

/** @internal A step's retry policy with every default applied. */
export interface RetryPolicy {
  attempts: number;
  backoff: BackoffStrategy;
  initialDelay: number;
  maxDelay: number;
  jitter: boolean;
  retryOn: ((error: unknown, attempt: number) => boolean) | undefined;
  onRetry: ((error: unknown, attempt: number, delayMs: number) => void) | undefined;
}

const BACKOFFS: readonly BackoffStrategy[] = ["fixed", "linear", "exponential"];
const RETRY_OPTIONS = [
  "attempts",
  "backoff",
  "initialDelay",
  "maxDelay",
  "jitter",
  "retryOn",
  "onRetry",
];

/** @internal Applies defaults and rejects values that cannot mean anything, naming the option. */
export function toRetryPolicy(retry: RetryOptions, where: string): RetryPolicy {
  if (typeof retry !== "object" || retry === null) {
    throw badInput(where, "retry", "an object like { attempts: 3 }", retry);
  }
  assertKnownOptions(where, retry, RETRY_OPTIONS, "retry.");
  const {
    attempts,
    backoff = "exponential",
    initialDelay = 100,
    maxDelay = 30_000,
    jitter = true,
  } = retry;
  // Number.isInteger is false for every non-number, so no typeof check is needed.
  if (!Number.isInteger(attempts) || attempts < 0) {
    throw badInput(where, "retry.attempts", "a whole number ≥ 0", attempts, RangeError);
  }
  if (!BACKOFFS.includes(backoff)) {
    throw badInput(where, "retry.backoff", BACKOFFS.join(" | "), backoff, RangeError);
  }
  assertDelay(initialDelay, "initialDelay", where);
  assertDelay(maxDelay, "maxDelay", where);
  assertCallback(retry.retryOn, "retryOn", where);
  assertCallback(retry.onRetry, "onRetry", where);
  return {
    attempts: Math.max(1, attempts),
    backoff,
    initialDelay,
    maxDelay,
    jitter: jitter !== false,
    retryOn: retry.retryOn,
    onRetry: retry.onRetry,
  };
}

function assertDelay(value: unknown, option: string, where: string): void {
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw badInput(where, `retry.${option}`, "a number of ms ≥ 0", value, RangeError);
  }
}

function assertCallback(value: unknown, option: string, where: string): void {
  if (value !== undefined && typeof value !== "function") {
    throw badInput(where, `retry.${option}`, "a function", value);
  }
}

/**
 * @internal Delay after failed attempt `attempt` (1-based): backoff, then jitter of up to +25%,
 * then the `maxDelay` cap, so a delay never exceeds `maxDelay`.
 */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  const { backoff, initialDelay } = policy;
  let delay =
    backoff === "fixed"
      ? initialDelay
      : backoff === "linear"
        ? initialDelay * attempt
        : initialDelay * 2 ** (attempt - 1);
  if (policy.jitter) delay += delay * 0.25 * Math.random();
  return Math.floor(Math.min(delay, policy.maxDelay));
}
