import { createConcurrencyLimiter } from "./concurrency-limiter";
import { createRateLimiter } from "./rate-limiter";
import type { CombinedLimiterConfig, ConcurrencyLimiter, RateLimiter } from "./types";

/**
 * A rate limiter and a concurrency limiter around one call. The concurrency slot is taken first and
 * the rate token only once the call holds a slot, right before it starts: a token taken earlier
 * would let queued calls start together when slots free up, beyond what the rate allows.
 * @example
 * const payments = createCombinedLimiter("payments", {
 *   rate: { maxPerSecond: 20, burstCapacity: 40 },
 *   concurrency: { maxConcurrent: 5 },
 * });
 * const receipt = await payments.execute(() => gateway.charge(order));
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
      if (rate && concurrency) return concurrency.execute(() => rate.execute(operation));
      if (rate) return rate.execute(operation);
      if (concurrency) return concurrency.execute(operation);
      return operation();
    },
  };
}
