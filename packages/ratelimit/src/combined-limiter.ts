import { createConcurrencyLimiter } from "./concurrency-limiter";
import { createRateLimiter } from "./rate-limiter";
import type { CombinedLimiterConfig, ConcurrencyLimiter, RateLimiter } from "./types";

/**
 * A rate limiter and a concurrency limiter around one call. The rate token is taken first, then the
 * concurrency slot, so no slot is held while waiting for a token.
 */
export function createCombinedLimiter(
  name: string,
  config: CombinedLimiterConfig,
): {
  rate?: RateLimiter | undefined;
  concurrency?: ConcurrencyLimiter | undefined;
  execute: <T>(operation: () => T | Promise<T>) => Promise<T>;
} {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(
      `createCombinedLimiter("${name}"): config must be an object, got ${String(config)}`,
    );
  }
  const rate = config.rate ? createRateLimiter(`${name}-rate`, config.rate) : undefined;
  const concurrency = config.concurrency
    ? createConcurrencyLimiter(`${name}-concurrency`, config.concurrency)
    : undefined;
  return {
    rate,
    concurrency,
    async execute(operation) {
      if (rate && concurrency) return rate.execute(() => concurrency.execute(operation));
      if (rate) return rate.execute(operation);
      if (concurrency) return concurrency.execute(operation);
      return operation();
    },
  };
}
