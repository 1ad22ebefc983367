import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ok } from "@awaitly/core";
import { createCircuitBreaker, isCircuitOpenError } from "@awaitly/circuit-breaker";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

const gc = (globalThis as { gc?: () => void }).gc;

describe("createCircuitBreaker half-open under load", () => {
  it("lets at most halfOpenMax probes run while half-open and refuses the other 10,000 calls without running them", async () => {
    const breaker = createCircuitBreaker("svc", {
      failureThreshold: 1,
      resetTimeout: 1000,
      halfOpenMax: 3,
    });
    breaker.recordFailure();
    vi.advanceTimersByTime(1000);

    let started = 0;
    let inFlight = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const probe = () => {
      started++;
      inFlight++;
      peak = Math.max(peak, inFlight);
      return new Promise<string>((resolve) =>
        release.push(() => {
          inFlight--;
          resolve("up");
        }),
      );
    };
    const calls = Array.from({ length: 10_000 }, () => breaker.execute(probe));
    const settled = await Promise.allSettled(calls.slice(3));
    expect(started).toBe(3);
    expect(peak).toBe(3);
    expect(settled.every((s) => s.status === "rejected" && isCircuitOpenError(s.reason))).toBe(
      true,
    );
    const refusal = (settled[0] as PromiseRejectedResult).reason as { state: string };
    expect(refusal.state).toBe("HALF_OPEN");

    // The first probe settling frees one slot, not ten thousand.
    release.shift()!();
    await calls[0];
    expect(breaker.getState()).toBe("HALF_OPEN");
    const more = Array.from({ length: 10_000 }, () =>
      breaker.executeResult(async () => ok(await probe())),
    );
    expect(started).toBe(4);
    const refused = await Promise.all(more.slice(1));
    expect(refused.every((r) => !r.ok && isCircuitOpenError(r.error))).toBe(true);
    expect(peak).toBe(3);

    // Enough successes close the circuit; then every call runs again.
    for (const done of release.splice(0)) done();
    await Promise.all([calls[1], calls[2], more[0]]);
    expect(breaker.getState()).toBe("CLOSED");
  });

  it("counts a call admitted while closed that settles while half-open as no probe", async () => {
    const breaker = createCircuitBreaker("svc", {
      failureThreshold: 1,
      resetTimeout: 1000,
      halfOpenMax: 1,
    });
    let finishSlow!: () => void;
    const slow = breaker.execute(() => new Promise<void>((resolve) => (finishSlow = resolve)));
    breaker.recordFailure();
    vi.advanceTimersByTime(1000);
    let finishProbe!: () => void;
    const probe = breaker.execute(() => new Promise<void>((resolve) => (finishProbe = resolve)));
    finishSlow();
    await slow;
    // The slow call's success closed the circuit (it counts as a success) — but it must not have
    // freed a probe slot it never held: a fresh half-open period still admits exactly one probe.
    breaker.recordFailure();
    vi.advanceTimersByTime(1000);
    const ran = vi.fn(() => Promise.resolve());
    const first = breaker.execute(ran);
    const second = await breaker.execute(ran).catch((e: unknown) => e);
    expect(isCircuitOpenError(second)).toBe(true);
    await first;
    expect(ran).toHaveBeenCalledTimes(1);
    finishProbe();
    await probe;
  });

  it("admits one probe when halfOpenMax is 0 and closes on its success", async () => {
    const breaker = createCircuitBreaker("svc", {
      failureThreshold: 1,
      resetTimeout: 0,
      halfOpenMax: 0,
    });
    breaker.recordFailure();
    let finish!: () => void;
    const probe = breaker.execute(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(isCircuitOpenError(await breaker.execute(() => 1).catch((e: unknown) => e))).toBe(true);
    finish();
    await probe;
    expect(breaker.getState()).toBe("CLOSED");
  });
});

describe("createCircuitBreaker failure window under a steady stream of failures", () => {
  // The per-call cost over the stream is measured by `pnpm bench` (bench/run.ts), not asserted here.
  it("counts the last 10 s of a 200k-failure stream through its window", () => {
    const breaker = createCircuitBreaker("svc", {
      failureThreshold: Number.MAX_SAFE_INTEGER,
      windowSize: 10_000,
    });
    const error = new Error("down");
    for (let i = 0; i < 200_000; i++) {
      vi.setSystemTime(Date.now() + 1);
      breaker.recordFailure(error);
    }
    // 10 s of failures at one per ms, counted without keeping one entry per failure.
    expect(breaker.getStats().failureCount).toBeGreaterThanOrEqual(9_500);
    expect(breaker.getStats().failureCount).toBeLessThanOrEqual(10_000);
  });

  it("holds memory flat: 200k failures with distinct errors retain no more than 100k", () => {
    expect(gc, "run with --expose-gc (see vitest.config.ts)").toBeTypeOf("function");
    const breaker = createCircuitBreaker("svc", {
      failureThreshold: Number.MAX_SAFE_INTEGER,
      windowSize: 10_000,
    });
    gc!();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 200_000; i++) {
      vi.setSystemTime(Date.now() + 1);
      breaker.recordFailure({ attempt: i });
    }
    gc!();
    const grown = process.memoryUsage().heapUsed - before;
    expect(breaker.getStats().failureCount).toBeGreaterThan(9_000);
    expect(grown).toBeLessThan(100_000);
  });
});
