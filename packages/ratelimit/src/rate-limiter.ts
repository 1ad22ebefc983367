import { err, resolveClock } from "@awaitly/core";
import { LimiterResetError } from "./errors";
import type { RateLimitExceededError, RateLimiter, RateLimiterConfig } from "./types";

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/** @internal Validates and completes a rate limiter config. */
export function resolveRateConfig(name: string, config: RateLimiterConfig) {
  const where = `createRateLimiter("${name}")`;
  if (typeof config !== "object" || config === null)
    throw new TypeError(`${where}: config must be an object, got ${String(config)}`);
  const { maxPerSecond } = config;
  if (typeof maxPerSecond !== "number" || !Number.isFinite(maxPerSecond) || maxPerSecond <= 0) {
    throw new RangeError(
      `${where}: maxPerSecond must be a finite number > 0, got ${String(maxPerSecond)}`,
    );
  }
  const burstCapacity = config.burstCapacity ?? maxPerSecond * 2;
  if (!Number.isFinite(burstCapacity) || burstCapacity < 1) {
    throw new RangeError(
      `${where}: burstCapacity must be a finite number ≥ 1, got ${String(burstCapacity)}`,
    );
  }
  const strategy = config.strategy ?? "wait";
  if (strategy !== "wait" && strategy !== "reject") {
    throw new RangeError(`${where}: strategy must be "wait" or "reject", got ${String(strategy)}`);
  }
  return { maxPerSecond, burstCapacity, strategy, clock: resolveClock(config.clock, where) };
}

/**
 * A token bucket: `burstCapacity` tokens, refilled continuously at `maxPerSecond`. Each call takes a
 * token; without one it waits in a FIFO queue (one timer, on `clock`, for the whole queue) or is
 * refused.
 * @example
 * const limiter = createRateLimiter("github", { maxPerSecond: 10, burstCapacity: 20 });
 * const repo = await limiter.execute(() => github.getRepo(name));
 */
export function createRateLimiter(name: string, config: RateLimiterConfig): RateLimiter {
  const {
    maxPerSecond,
    burstCapacity: maxTokens,
    strategy,
    clock,
  } = resolveRateConfig(name, config);
  const rate = maxPerSecond / 1000;
  let tokens = maxTokens;
  let lastRefill = clock.now();
  let waiters: Waiter[] = [];
  let timer: unknown;

  const refill = () => {
    const now = clock.now();
    tokens = Math.min(maxTokens, tokens + (now - lastRefill) * rate);
    lastRefill = now;
  };
  /** 0 when a token was taken, else ms until one exists. */
  const tryConsume = (): number => {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - tokens) / rate);
  };
  const drain = () => {
    timer = undefined;
    while (waiters.length > 0) {
      const wait = tryConsume();
      if (wait > 0) {
        timer = clock.setTimeout(drain, wait);
        return;
      }
      waiters.shift()!.resolve();
    }
  };
  /** Resolves once the caller holds a token; queued callers are served first. */
  const admit = (): Promise<void> | RateLimitExceededError | undefined => {
    if (waiters.length === 0) {
      const wait = tryConsume();
      if (wait === 0) return undefined;
      if (strategy === "reject")
        return { type: "RATE_LIMIT_EXCEEDED", limiterName: name, retryAfterMs: wait };
    } else if (strategy === "reject") {
      return {
        type: "RATE_LIMIT_EXCEEDED",
        limiterName: name,
        retryAfterMs: Math.ceil((1 - tokens) / rate),
      };
    }
    return new Promise<void>((resolve, reject) => {
      waiters.push({ resolve, reject });
      if (timer === undefined) drain();
    });
  };

  return {
    async execute(operation) {
      const admission = admit();
      if (admission instanceof Promise) await admission;
      else if (admission !== undefined) throw admission;
      return operation();
    },
    async executeResult(operation) {
      const admission = admit();
      if (admission instanceof Promise) await admission;
      else if (admission !== undefined) return err(admission);
      return operation();
    },
    getStats() {
      refill();
      return {
        availableTokens: Math.floor(tokens),
        maxTokens,
        tokensPerSecond: maxPerSecond,
        waitingCount: waiters.length,
      };
    },
    reset() {
      tokens = maxTokens;
      lastRefill = clock.now();
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      // Nobody is left hanging: waiting callers are rejected with a typed error.
      const stranded = waiters;
      waiters = [];
      for (const waiter of stranded) waiter.reject(new LimiterResetError(name));
    },
  };
}
