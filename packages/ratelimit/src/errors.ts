import { hasType } from "@awaitly/core";
import type { QueueFullError, RateLimitExceededError } from "./types";

/** True for a rate-limit refusal. */
export function isRateLimitExceededError(error: unknown): error is RateLimitExceededError {
  return hasType(error, "RATE_LIMIT_EXCEEDED");
}

/** True for a queue-full refusal. */
export function isQueueFullError(error: unknown): error is QueueFullError {
  return hasType(error, "QUEUE_FULL");
}

/** What callers still waiting receive when their limiter is reset (message `Limiter reset`, as in 1.0.0). */
export class LimiterResetError extends Error {
  readonly type = "LIMITER_RESET" as const;
  readonly limiterName: string;
  constructor(limiterName: string) {
    super("Limiter reset");
    this.limiterName = limiterName;
    this.name = "LimiterResetError";
  }
}

/** True for a `LimiterResetError`. */
export function isLimiterResetError(error: unknown): error is LimiterResetError {
  return hasType(error, "LIMITER_RESET");
}
