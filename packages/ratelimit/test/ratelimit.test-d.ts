import { describe, expectTypeOf, it } from "vitest";
import { err, ok, type AsyncResult, type Clock, type Result } from "@awaitly/core";
import {
  createCombinedLimiter,
  createConcurrencyLimiter,
  createRateLimiter,
  isLimiterResetError,
  isQueueFullError,
  isRateLimitExceededError,
  type LimiterResetError,
  type ConcurrencyLimiter,
  type QueueFullError,
  type RateLimiterConfig,
  type RateLimiter,
  type RateLimitExceededError,
} from "@awaitly/ratelimit";

const op = (): Result<number, "BAD"> => (Math.random() > 0.5 ? ok(1) : err("BAD"));

describe("createRateLimiter", () => {
  it("returns a RateLimiter whose executeResult adds RateLimitExceededError", () => {
    const limiter = createRateLimiter("api", { maxPerSecond: 10 });
    expectTypeOf(limiter).toEqualTypeOf<RateLimiter>();
    expectTypeOf(limiter.execute(async () => "x")).toEqualTypeOf<Promise<string>>();
    expectTypeOf(limiter.executeResult(op)).toEqualTypeOf<
      AsyncResult<number, "BAD" | RateLimitExceededError>
    >();
    // @ts-expect-error strategy is "wait" or "reject"
    createRateLimiter("api", { maxPerSecond: 10, strategy: "queue" });
  });
});

describe("createConcurrencyLimiter", () => {
  it("returns a ConcurrencyLimiter whose executeResult adds QueueFullError", () => {
    const limiter = createConcurrencyLimiter("db", { maxConcurrent: 5 });
    expectTypeOf(limiter).toEqualTypeOf<ConcurrencyLimiter>();
    expectTypeOf(limiter.executeAll([() => 1, async () => 2])).toEqualTypeOf<Promise<number[]>>();
    expectTypeOf(limiter.executeResult(op)).toEqualTypeOf<
      AsyncResult<number, "BAD" | QueueFullError>
    >();
    // @ts-expect-error maxConcurrent is required
    createConcurrencyLimiter("db", {});
  });
});

describe("createCombinedLimiter", () => {
  it("infers execute's value", () => {
    const limiter = createCombinedLimiter("both", {
      rate: { maxPerSecond: 10 },
      concurrency: { maxConcurrent: 2 },
    });
    expectTypeOf(limiter.execute(() => true)).toEqualTypeOf<Promise<boolean>>();
  });
});

describe("error guards", () => {
  it("narrow unknown by discriminant", () => {
    const e: unknown = null;
    if (isRateLimitExceededError(e)) expectTypeOf(e.type).toEqualTypeOf<"RATE_LIMIT_EXCEEDED">();
    if (isQueueFullError(e)) expectTypeOf(e.type).toEqualTypeOf<"QUEUE_FULL">();
    if (isLimiterResetError(e)) {
      expectTypeOf(e).toEqualTypeOf<LimiterResetError>();
      expectTypeOf(e.type).toEqualTypeOf<"LIMITER_RESET">();
    }
  });
});

describe("RateLimiterConfig.clock", () => {
  it("takes an optional Clock", () => {
    expectTypeOf<RateLimiterConfig["clock"]>().toEqualTypeOf<Clock | undefined>();
    // @ts-expect-error a clock is an object with now, setTimeout and clearTimeout
    createRateLimiter("x", { maxPerSecond: 1, clock: Date.now });
  });
});
