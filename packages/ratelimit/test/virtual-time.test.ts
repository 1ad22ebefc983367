import { describe, expect, it } from "vitest";
import { ok, type Clock } from "@awaitly/core";
import { createCombinedLimiter, createRateLimiter } from "@awaitly/ratelimit";
import { createVirtualClock } from "@awaitly/testing";

describe("createRateLimiter({ clock })", () => {
  it("lets queued callers through as the clock refills the bucket, one per second", async () => {
    const clock = createVirtualClock({ start: 0 });
    const limiter = createRateLimiter("api", { maxPerSecond: 1, burstCapacity: 1, clock });
    const startedAt: number[] = [];
    const calls = [1, 2, 3].map(() => limiter.execute(async () => startedAt.push(clock.now())));
    await clock.flush();
    expect(startedAt).toEqual([0]);
    expect(limiter.getStats().waitingCount).toBe(2);
    await clock.advance("1s");
    expect(startedAt).toEqual([0, 1_000]);
    await clock.advance("1s");
    await Promise.all(calls);
    expect(startedAt).toEqual([0, 1_000, 2_000]);
  });

  it("refuses with retryAfterMs by the clock and admits again once it has refilled", async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter("api", {
      maxPerSecond: 2,
      burstCapacity: 1,
      strategy: "reject",
      clock,
    });
    expect(await limiter.executeResult(async () => ok(1))).toEqual(ok(1));
    expect(await limiter.executeResult(async () => ok(2))).toEqual({
      ok: false,
      error: { type: "RATE_LIMIT_EXCEEDED", limiterName: "api", retryAfterMs: 500 },
    });
    await clock.advance("500ms");
    expect(await limiter.executeResult(async () => ok(3))).toEqual(ok(3));
  });

  it("clears its clock timer on reset, rejecting the waiting callers", async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter("api", { maxPerSecond: 1, burstCapacity: 1, clock });
    await limiter.execute(async () => 1);
    const waiting = limiter.execute(async () => 2);
    await clock.flush();
    expect(clock.pending()).toBe(1);
    limiter.reset();
    await expect(waiting).rejects.toMatchObject({ type: "LIMITER_RESET" });
    expect(clock.pending()).toBe(0);
  });

  it("takes the clock through a combined limiter's rate config", async () => {
    const clock = createVirtualClock({ start: 0 });
    const limiter = createCombinedLimiter("pay", {
      rate: { maxPerSecond: 1, burstCapacity: 1, clock },
      concurrency: { maxConcurrent: 1 },
    });
    const startedAt: number[] = [];
    const calls = [1, 2].map(() => limiter.execute(async () => startedAt.push(clock.now())));
    await clock.advance("1s");
    await Promise.all(calls);
    expect(startedAt).toEqual([0, 1_000]);
  });

  it("rejects a clock that is not a Clock, naming the limiter and the option", () => {
    expect(() => createRateLimiter("x", { maxPerSecond: 1, clock: 5 as unknown as Clock })).toThrow(
      new TypeError('createRateLimiter("x"): option "clock" must be a Clock, got 5'),
    );
  });
});
