import type { AsyncResult, Clock, Result } from "@awaitly/core";

/** Configuration of a token-bucket rate limiter. */
export interface RateLimiterConfig {
  /** Tokens added per second (> 0). */
  maxPerSecond: number;
  /** Bucket size: how many calls may start at once after a quiet period (≥ 1). Defaults to `maxPerSecond * 2`. */
  burstCapacity?: number | undefined;
  /** `"wait"` queues callers until a token refills; `"reject"` fails them. Defaults to `"wait"`. */
  strategy?: "wait" | "reject" | undefined;
  /**
   * Where the bucket reads the time and waiting callers wait: refills and queued calls follow it (a
   * virtual clock in tests). Defaults to the real clock.
   */
  clock?: Clock | undefined;
}
/** Configuration of a concurrency limiter. */
export interface ConcurrencyLimiterConfig {
  /** Operations allowed to run at once (whole number ≥ 1). */
  maxConcurrent: number;
  /** `"queue"` waits for a slot (FIFO); `"reject"` fails at once. Defaults to `"queue"`. */
  strategy?: "queue" | "reject" | undefined;
  /** Longest queue (whole number ≥ 0, or `Infinity`); `0` means no queue. Defaults to `Infinity`. */
  maxQueueSize?: number | undefined;
}
/** Configuration of a combined limiter. */
export interface CombinedLimiterConfig {
  rate?: RateLimiterConfig | undefined;
  concurrency?: ConcurrencyLimiterConfig | undefined;
}
/** A call refused by a rate limiter with strategy `"reject"`. */
export interface RateLimitExceededError {
  type: "RATE_LIMIT_EXCEEDED";
  limiterName: string;
  retryAfterMs?: number | undefined;
}
/** A call refused by a concurrency limiter whose queue is full (or that rejects when busy). */
export interface QueueFullError {
  type: "QUEUE_FULL";
  limiterName: string;
  queueSize: number;
  maxQueueSize: number;
}
/** A rate limiter's counters at one moment (`getStats()`). */
export interface RateLimiterStats {
  availableTokens: number;
  maxTokens: number;
  tokensPerSecond: number;
  waitingCount: number;
}
/** A concurrency limiter's counters at one moment (`getStats()`). */
export interface ConcurrencyLimiterStats {
  activeCount: number;
  maxConcurrent: number;
  queueSize: number;
  maxQueueSize: number;
}
/** A token-bucket rate limiter (`createRateLimiter`). */
export interface RateLimiter {
  execute<T>(operation: () => T | Promise<T>): Promise<T>;
  executeResult<T, E>(
    operation: () => Result<T, E> | AsyncResult<T, E>,
  ): AsyncResult<T, E | RateLimitExceededError>;
  getStats(): RateLimiterStats;
  reset(): void;
}
/** A limiter on how many operations run at once (`createConcurrencyLimiter`). */
export interface ConcurrencyLimiter {
  execute<T>(operation: () => T | Promise<T>): Promise<T>;
  executeAll<T>(operations: Array<() => T | Promise<T>>): Promise<T[]>;
  executeResult<T, E>(
    operation: () => Result<T, E> | AsyncResult<T, E>,
  ): AsyncResult<T, E | QueueFullError>;
  getStats(): ConcurrencyLimiterStats;
  reset(): void;
}
