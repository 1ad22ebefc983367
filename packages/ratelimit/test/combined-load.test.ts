import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCombinedLimiter } from "@awaitly/ratelimit";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

/** The most starts in any window of `windowMs` (closed at both ends) beginning at a start. */
function peakStarts(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let peak = 0;
  let end = 0;
  for (let begin = 0; begin < sorted.length; begin++) {
    while (end < sorted.length && sorted[end]! <= sorted[begin]! + windowMs) end++;
    peak = Math.max(peak, end - begin);
  }
  return peak;
}

describe("createCombinedLimiter under load", () => {
  it("never starts more calls in any window than the rate and burst allow, when many slots free at once", async () => {
    const maxPerSecond = 100;
    const burstCapacity = 10;
    const limiter = createCombinedLimiter("svc", {
      rate: { maxPerSecond, burstCapacity },
      concurrency: { maxConcurrent: 100 },
    });
    // The first wave holds every slot for 5 s, then frees them all in the same instant.
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    setTimeout(() => openGate(), 5_000);
    const starts: number[] = [];
    let running = 0;
    let peakRunning = 0;
    const calls = Array.from({ length: 1_000 }, (_, i) =>
      limiter.execute(async () => {
        starts.push(Date.now());
        running++;
        peakRunning = Math.max(peakRunning, running);
        if (i < 100) await gate;
        else await new Promise((resolve) => setTimeout(resolve, 100));
        running--;
      }),
    );
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all(calls);

    expect(starts).toHaveLength(1_000);
    expect(peakRunning).toBeLessThanOrEqual(100);
    for (const windowMs of [0, 1, 10, 100, 1_000, 5_000]) {
      const allowed = burstCapacity + Math.floor((maxPerSecond * windowMs) / 1000);
      expect({ windowMs, starts: peakStarts(starts, windowMs) }).toEqual({
        windowMs,
        starts: Math.min(peakStarts(starts, windowMs), allowed),
      });
    }
  });
});
