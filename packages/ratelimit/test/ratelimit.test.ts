import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { vi } from "vitest";
import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import {
  createCombinedLimiter,
  createConcurrencyLimiter,
  createRateLimiter,
  isLimiterResetError,
  isQueueFullError,
  isRateLimitExceededError,
  rateLimiterPresets,
} from "@awaitly/ratelimit";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

const never = () => new Promise<never>(() => {});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("createRateLimiter", () => {
  it("starts full, then admits one call per refilled token (10/s, burst 2: starts at 0, 0, 100, 200, 300 ms)", async () => {
    const limiter = createRateLimiter("api", { maxPerSecond: 10, burstCapacity: 2 });
    const starts: number[] = [];
    const calls = Array.from({ length: 5 }, () => limiter.execute(() => starts.push(Date.now())));
    await vi.advanceTimersByTimeAsync(300);
    await Promise.all(calls);
    expect(starts).toEqual([0, 0, 100, 200, 300]);
  });

  it("refills continuously and reports stats", async () => {
    const limiter = createRateLimiter("api", { maxPerSecond: 10, burstCapacity: 5 });
    for (let i = 0; i < 5; i++) await limiter.execute(() => i);
    expect(limiter.getStats()).toEqual({
      availableTokens: 0,
      maxTokens: 5,
      tokensPerSecond: 10,
      waitingCount: 0,
    });
    vi.advanceTimersByTime(250);
    expect(limiter.getStats().availableTokens).toBe(2);
    vi.advanceTimersByTime(10_000);
    expect(limiter.getStats().availableTokens).toBe(5);
  });

  it("rejects with retryAfterMs under strategy reject, as err() from executeResult", async () => {
    const limiter = createRateLimiter("api", {
      maxPerSecond: 10,
      burstCapacity: 1,
      strategy: "reject",
    });
    await limiter.execute(() => 1);
    await expect(limiter.execute(() => 2)).rejects.toEqual({
      type: "RATE_LIMIT_EXCEEDED",
      limiterName: "api",
      retryAfterMs: 100,
    });
    vi.advanceTimersByTime(50);
    const refused = await limiter.executeResult(async () => ok(3));
    expect(refused).toEqual({
      ok: false,
      error: { type: "RATE_LIMIT_EXCEEDED", limiterName: "api", retryAfterMs: 50 },
    });
    expect(!refused.ok && isRateLimitExceededError(refused.error)).toBe(true);
  });

  it("admits no more than burst + rate × t over a simulated 10 s", async () => {
    const limiter = createRateLimiter("api", { maxPerSecond: 10, burstCapacity: 20 });
    const starts: number[] = [];
    const calls = Array.from({ length: 500 }, () => limiter.execute(() => starts.push(Date.now())));
    await vi.advanceTimersByTimeAsync(10_000);
    for (let t = 0; t <= 10_000; t += 500) {
      expect(starts.filter((s) => s <= t).length).toBeLessThanOrEqual(20 + (10 * t) / 1000);
    }
    expect(starts.length).toBe(120); // 20 at once + 10/s for 10 s
    limiter.reset();
    const settled = await Promise.allSettled(calls);
    const rejected = settled.filter((s) => s.status === "rejected");
    expect(rejected).toHaveLength(380);
    expect(rejected.every((s) => s.status === "rejected" && isLimiterResetError(s.reason))).toBe(
      true,
    );
  });

  it("reset releases nobody into a hang: waiting callers are rejected with a typed error", async () => {
    const limiter = createRateLimiter("api", { maxPerSecond: 1, burstCapacity: 1 });
    await limiter.execute(() => 1);
    const waiting = limiter.execute(() => 2);
    limiter.reset();
    await expect(waiting).rejects.toMatchObject({
      type: "LIMITER_RESET",
      limiterName: "api",
      message: "Limiter reset",
    });
    expect(limiter.getStats()).toMatchObject({ availableTokens: 1, waitingCount: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    [{ maxPerSecond: 0 }, /maxPerSecond.*0/],
    [{ maxPerSecond: -1 }, /maxPerSecond.*-1/],
    [{ maxPerSecond: Number.POSITIVE_INFINITY }, /maxPerSecond/],
    [{ maxPerSecond: 5, burstCapacity: 0.5 }, /burstCapacity.*0.5/],
    [{ maxPerSecond: 5, strategy: "drop" }, /strategy.*drop/],
  ])("throws a RangeError for %o", (config, message) => {
    expect(() => createRateLimiter("api", config as never)).toThrow(RangeError);
    expect(() => createRateLimiter("api", config as never)).toThrow(message);
  });
});

describe("createConcurrencyLimiter", () => {
  it("never runs more than maxConcurrent; 10,000 calls all complete or get QUEUE_FULL", async () => {
    const limiter = createConcurrencyLimiter("db", { maxConcurrent: 5, maxQueueSize: 100 });
    let inFlight = 0;
    let peak = 0;
    let completed = 0;
    let full = 0;
    let other = 0;
    const calls = Array.from({ length: 10_000 }, (_, i) =>
      limiter
        .execute(async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await sleep(1 + (i % 3));
          inFlight--;
          return i;
        })
        .then(
          () => void completed++,
          (e: unknown) => void (isQueueFullError(e) ? full++ : other++),
        ),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(calls);
    expect(peak).toBe(5);
    expect(other).toBe(0);
    expect(completed).toBe(105);
    expect(completed + full).toBe(10_000);
    expect(limiter.getStats()).toEqual({
      activeCount: 0,
      maxConcurrent: 5,
      queueSize: 0,
      maxQueueSize: 100,
    });
  });

  it("serves the queue in FIFO order and hands a freed slot to the oldest waiter", async () => {
    const limiter = createConcurrencyLimiter("db", { maxConcurrent: 1 });
    const order: number[] = [];
    const all = limiter.executeAll(
      [1, 2, 3].map((n) => async () => {
        order.push(n);
        await sleep(10);
        return n * 10;
      }),
    );
    await vi.advanceTimersByTimeAsync(30);
    expect(await all).toEqual([10, 20, 30]);
    expect(order).toEqual([1, 2, 3]);
  });

  it("refuses at once with strategy reject or maxQueueSize 0, as err() from executeResult", async () => {
    const rejecting = createConcurrencyLimiter("db", { maxConcurrent: 1, strategy: "reject" });
    void rejecting.execute(never);
    await expect(rejecting.execute(() => 1)).rejects.toEqual({
      type: "QUEUE_FULL",
      limiterName: "db",
      queueSize: 0,
      maxQueueSize: Number.POSITIVE_INFINITY,
    });
    const noQueue = createConcurrencyLimiter("db0", { maxConcurrent: 1, maxQueueSize: 0 });
    void noQueue.execute(never);
    expect(await noQueue.executeResult(async () => ok(1))).toEqual({
      ok: false,
      error: { type: "QUEUE_FULL", limiterName: "db0", queueSize: 0, maxQueueSize: 0 },
    });
  });

  it("reset rejects queued callers and keeps running operations counted (never negative)", async () => {
    const limiter = createConcurrencyLimiter("db", { maxConcurrent: 1 });
    const running = limiter.execute(() => sleep(10));
    const queued = limiter.execute(() => 1);
    limiter.reset();
    await expect(queued).rejects.toMatchObject({ type: "LIMITER_RESET", message: "Limiter reset" });
    expect(limiter.getStats().activeCount).toBe(1);
    await vi.advanceTimersByTimeAsync(10);
    await running;
    expect(limiter.getStats().activeCount).toBe(0);
  });

  it.each([
    [{ maxConcurrent: 0 }, /maxConcurrent.*0/],
    [{ maxConcurrent: 1.5 }, /maxConcurrent/],
    [{ maxConcurrent: 2, maxQueueSize: -1 }, /maxQueueSize.*-1/],
    [{ maxConcurrent: 2, strategy: "drop" }, /strategy/],
  ])("throws a RangeError for %o", (config, message) => {
    expect(() => createConcurrencyLimiter("db", config as never)).toThrow(message);
  });
});

describe("createCombinedLimiter", () => {
  it("honours both limits and takes the rate token only once the call holds a slot", async () => {
    const limiter = createCombinedLimiter("svc", {
      rate: { maxPerSecond: 10, burstCapacity: 2 },
      concurrency: { maxConcurrent: 2 },
    });
    let inFlight = 0;
    let peak = 0;
    const starts: number[] = [];
    const calls = Array.from({ length: 6 }, () =>
      limiter.execute(async () => {
        starts.push(Date.now());
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(500);
        inFlight--;
      }),
    );
    // Calls without a slot wait in the concurrency queue holding no rate token.
    await vi.advanceTimersByTimeAsync(50);
    expect(limiter.concurrency?.getStats()).toMatchObject({ activeCount: 2, queueSize: 4 });
    expect(limiter.rate?.getStats()).toMatchObject({ availableTokens: 0, waitingCount: 0 });
    await vi.advanceTimersByTimeAsync(3_000);
    await Promise.all(calls);
    expect(peak).toBe(2);
    for (let t = 0; t <= 3_000; t += 100) {
      expect(starts.filter((s) => s <= t).length).toBeLessThanOrEqual(2 + t / 100);
    }
    expect(Object.keys(limiter)).toEqual(["rate", "concurrency", "execute"]);
  });

  it("names its parts and passes through without limits", async () => {
    const only = createCombinedLimiter("x", {
      rate: { maxPerSecond: 1, burstCapacity: 1, strategy: "reject" },
    });
    await only.execute(() => 1);
    await expect(only.execute(() => 2)).rejects.toMatchObject({ limiterName: "x-rate" });
    expect(await createCombinedLimiter("none", {}).execute(() => 7)).toBe(7);
  });
});

describe("presets and workflows", () => {
  it("has the specified presets", () => {
    expect(rateLimiterPresets).toEqual({
      api: { maxPerSecond: 10, burstCapacity: 20, strategy: "wait" },
      database: { maxConcurrent: 10, strategy: "queue", maxQueueSize: 100 },
      external: { maxPerSecond: 5, burstCapacity: 10, strategy: "wait" },
    });
  });

  it("limits a workflow step's dependency", async () => {
    const limiter = createRateLimiter("dep", {
      maxPerSecond: 1,
      burstCapacity: 1,
      strategy: "reject",
    });
    const load = (): AsyncResult<number, never> =>
      limiter.executeResult(async () => ok(1)) as AsyncResult<number, never>;
    const workflow = createWorkflow({ load });
    expect(await workflow(async (step, deps) => step(() => deps.load()))).toEqual({
      ok: true,
      value: 1,
    });
    const second = await workflow(async (step, deps) => step(() => deps.load()));
    expect(second).toMatchObject({ ok: false, error: { type: "RATE_LIMIT_EXCEEDED" } });
  });
});
