export type {
  RateLimiterConfig,
  ConcurrencyLimiterConfig,
  CombinedLimiterConfig,
  RateLimitExceededError,
  QueueFullError,
  RateLimiterStats,
  ConcurrencyLimiterStats,
  RateLimiter,
  ConcurrencyLimiter,
} from "./types";
export {
  isRateLimitExceededError,
  isQueueFullError,
  LimiterResetError,
  isLimiterResetError,
} from "./errors";
export { createRateLimiter } from "./rate-limiter";
export { createConcurrencyLimiter } from "./concurrency-limiter";
export { createCombinedLimiter } from "./combined-limiter";
export { rateLimiterPresets } from "./presets";
