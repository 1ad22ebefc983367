import { describe, expect, it, vi } from "vitest";
import { err, ok, type Clock } from "@awaitly/core";
import { createCircuitBreaker, isCircuitOpenError } from "@awaitly/circuit-breaker";
import { createVirtualClock } from "@awaitly/testing";

const fail = () => Promise.reject(new Error("down"));

describe("createCircuitBreaker({ clock })", () => {
  it("waits out a 60 s reset on the clock: refuses before, probes and closes after", async () => {
    const clock = createVirtualClock();
    const breaker = createCircuitBreaker("payments", {
      failureThreshold: 3,
      resetTimeout: 60_000,
      halfOpenMax: 1,
      clock,
    });
    for (let i = 0; i < 3; i++) await expect(breaker.execute(fail)).rejects.toThrow("down");
    expect(breaker.getState()).toBe("OPEN");
    await clock.advance("59s");
    const refused = await breaker.executeResult(async () => ok("up"));
    expect(!refused.ok && isCircuitOpenError(refused.error) && refused.error.retryAfterMs).toBe(
      1_000,
    );
    await clock.advance("1s");
    expect(breaker.getState()).toBe("HALF_OPEN");
    expect(await breaker.executeResult(async () => ok("up"))).toEqual(ok("up"));
    expect(breaker.getState()).toBe("CLOSED");
  });

  it("ages failures out of the window by the clock's time", async () => {
    const clock = createVirtualClock();
    const breaker = createCircuitBreaker("search", {
      failureThreshold: 3,
      windowSize: 60_000,
      clock,
    });
    await breaker.executeResult(async () => err("E"));
    await breaker.executeResult(async () => err("E"));
    expect(breaker.getStats().failureCount).toBe(2);
    await clock.advance("1m");
    expect(breaker.getStats().failureCount).toBe(0);
    await breaker.executeResult(async () => err("E"));
    expect(breaker.getState()).toBe("CLOSED");
  });

  it("stamps lastFailureTime and lastSuccessTime with the clock's time", async () => {
    const clock = createVirtualClock({ start: 1_000 });
    const breaker = createCircuitBreaker("s", { clock });
    await breaker.executeResult(async () => err("E"));
    await clock.advance("2s");
    await breaker.execute(async () => "ok");
    expect(breaker.getStats()).toMatchObject({ lastFailureTime: 1_000, lastSuccessTime: 3_000 });
  });

  it("still uses the real clock by default, so fake timers keep working", async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const breaker = createCircuitBreaker("real", { failureThreshold: 1, resetTimeout: 1_000 });
      await expect(breaker.execute(fail)).rejects.toThrow("down");
      expect(breaker.getState()).toBe("OPEN");
      vi.advanceTimersByTime(1_000);
      expect(breaker.getState()).toBe("HALF_OPEN");
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects a clock that is not a Clock, naming the breaker and the option", () => {
    expect(() => createCircuitBreaker("x", { clock: {} as Clock })).toThrow(
      new TypeError('createCircuitBreaker("x"): option "clock" must be a Clock, got {}'),
    );
  });
});
