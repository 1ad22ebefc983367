import type { RetryOptions, StepOptions } from "@awaitly/core";
import { assertAttempts, assertDelay } from "./internal/validate";
import type { Policy } from "./types";

/** A policy carrying exactly this retry configuration (the same object). */
export function retryPolicy(options: RetryOptions): Policy {
  return { retry: options };
}

/** Retry presets: constants for common cases, factories for custom counts and delays. */
export const retryPolicies: {
  readonly none: Partial<StepOptions>;
  readonly transient: Partial<StepOptions>;
  readonly standard: Partial<StepOptions>;
  readonly aggressive: Partial<StepOptions>;
  readonly fixed: (attempts: number, delayMs: number) => Policy;
  readonly linear: (attempts: number, initialDelay: number) => Policy;
  readonly custom: (options: Partial<RetryOptions> & { attempts: number }) => Policy;
} = {
  none: { retry: { attempts: 1 } },
  transient: {
    retry: { attempts: 3, backoff: "exponential", initialDelay: 100, maxDelay: 1000, jitter: true },
  },
  standard: {
    retry: { attempts: 3, backoff: "exponential", initialDelay: 200, maxDelay: 5000, jitter: true },
  },
  aggressive: {
    retry: {
      attempts: 5,
      backoff: "exponential",
      initialDelay: 500,
      maxDelay: 30000,
      jitter: true,
    },
  },
  fixed(attempts, delayMs) {
    assertAttempts("retryPolicies.fixed", attempts);
    assertDelay("retryPolicies.fixed", "delayMs", delayMs);
    return { retry: { attempts, backoff: "fixed", initialDelay: delayMs, jitter: false } };
  },
  linear(attempts, initialDelay) {
    assertAttempts("retryPolicies.linear", attempts);
    assertDelay("retryPolicies.linear", "initialDelay", initialDelay);
    return { retry: { attempts, backoff: "linear", initialDelay, jitter: true } };
  },
  custom(options) {
    assertAttempts("retryPolicies.custom", options.attempts);
    return {
      retry: {
        backoff: "exponential",
        initialDelay: 100,
        maxDelay: 30000,
        jitter: true,
        ...options,
      },
    };
  },
};
