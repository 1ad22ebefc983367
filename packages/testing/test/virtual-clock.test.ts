import { describe, expect, it, vi } from "vitest";
import { createWorkflow, Duration, err, ok, run, type AsyncResult } from "@awaitly/core";
import { createVirtualClock, createWorkflowHarness } from "@awaitly/testing";

const sleep = (clock: { setTimeout(cb: () => void, ms: number): unknown }, ms: number) =>
  new Promise<void>((resolve) => void clock.setTimeout(resolve, ms));

describe("createVirtualClock", () => {
  it("starts at 2026-01-01 or the given time and moves only when advanced", async () => {
    expect(createVirtualClock().now()).toBe(Date.UTC(2026, 0, 1));
    const clock = createVirtualClock({ start: new Date(5_000) });
    expect(clock.now()).toBe(5_000);
    await clock.advance(250);
    expect(clock.now()).toBe(5_250);
  });

  it("fires due timers in time order, equal times in the order they were set", async () => {
    const clock = createVirtualClock({ start: 0 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 300);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push("late"), 301);
    await clock.advance(300);
    expect(fired).toEqual(["a@100", "b@100", "c@300"]);
    expect(clock.now()).toBe(300);
    expect(clock.pending()).toBe(1);
  });

  it("lets promise callbacks run between timers, so awaited sleeps chain within one advance", async () => {
    const clock = createVirtualClock({ start: 0 });
    const seen: number[] = [];
    const body = (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(clock, 1_000);
        await Promise.resolve();
        seen.push(clock.now());
      }
      return "done";
    })();
    await clock.advance("3s");
    expect(seen).toEqual([1_000, 2_000, 3_000]);
    expect(await body).toBe("done");
  });

  it("reads numbers, Durations and strings like 30d, 1h 30m, 1.5h and 500ms", async () => {
    const clock = createVirtualClock({ start: 0 });
    await clock.advance("30d");
    expect(clock.now()).toBe(30 * 86_400_000);
    await clock.advance("1h 30m");
    await clock.advance("1.5h");
    await clock.advance("500ms");
    await clock.advance(Duration.seconds(2));
    await clock.advance("1w");
    expect(clock.now()).toBe(37 * 86_400_000 + 3 * 3_600_000 + 2_500);
  });

  it("rejects durations it cannot read or that go back, naming the argument", async () => {
    const clock = createVirtualClock();
    await expect(clock.advance("soon")).rejects.toThrow(
      'clock.advance: duration must be a string like "30d", "1h 30m" or "500ms" (units ms, s, m, h, d, w), got "soon"',
    );
    await expect(clock.advance("5 minutes")).rejects.toThrow(RangeError);
    await expect(clock.advance(-1)).rejects.toThrow(
      "clock.advance: duration must be a finite duration ≥ 0, got number -1",
    );
    await expect(clock.advance({} as never)).rejects.toThrow(TypeError);
    expect(() => createVirtualClock({ start: Number.NaN })).toThrow(RangeError);
    expect(() => createVirtualClock({ maxTimers: 0 })).toThrow(
      "createVirtualClock: maxTimers must be a whole number ≥ 1, got 0",
    );
  });

  it("never fires a cleared timer", async () => {
    const clock = createVirtualClock();
    const fired = vi.fn();
    const id = clock.setTimeout(fired, 10);
    clock.clearTimeout(id);
    clock.clearTimeout(12345);
    await clock.advance("1s");
    expect(fired).not.toHaveBeenCalled();
    expect(clock.pending()).toBe(0);
  });

  it("next() jumps to the next timer; runAll() fires timers set meanwhile too", async () => {
    const clock = createVirtualClock({ start: 0 });
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5_000);
    }, 2_000);
    expect(await clock.next()).toBe(true);
    expect(fired).toEqual([2_000]);
    await clock.runAll();
    expect(fired).toEqual([2_000, 7_000]);
    expect(await clock.next()).toBe(false);
  });

  it("stops a timer that keeps re-arming itself after maxTimers, saying so", async () => {
    const clock = createVirtualClock({ maxTimers: 50 });
    const tick = () => void clock.setTimeout(tick, 1);
    tick();
    await expect(clock.runAll()).rejects.toThrow(/fired 50 timers and more are due/);
  });

  it("rejects advance with what a timer callback threw", async () => {
    const clock = createVirtualClock();
    clock.setTimeout(() => {
      throw new Error("boom");
    }, 1);
    await expect(clock.advance(1)).rejects.toThrow("boom");
  });

  it("is unaffected by fake timers installed after it was created", async () => {
    const clock = createVirtualClock();
    vi.useFakeTimers();
    try {
      const done = sleep(clock, 60_000);
      await clock.advance("1m");
      await done;
    } finally {
      vi.useRealTimers();
    }
  });

  it("stamps harness invocations through its now", async () => {
    const clock = createVirtualClock({ start: 9 });
    const harness = createWorkflowHarness({}, { clock: clock.now });
    await harness.run(async (step) => step(() => ok(1), "a"));
    expect(harness.getInvocations()[0]).toMatchObject({ timestamp: 9, durationMs: 0 });
  });
});

describe("a virtual clock driving core", () => {
  it("runs exponential retries over ten minutes of backoff without waiting", async () => {
    const clock = createVirtualClock();
    let calls = 0;
    const flaky = async (): AsyncResult<string, "DOWN"> => (++calls < 8 ? err("DOWN") : ok("up"));
    const started = clock.now();
    const pending = run(
      async (step) =>
        step(flaky, {
          retry: { attempts: 8, initialDelay: 5_000, maxDelay: 600_000, jitter: false },
        }),
      { clock, onError: () => {} },
    );
    await clock.advance("11m");
    expect(await pending).toEqual(ok("up"));
    expect(calls).toBe(8);
    expect(clock.now() - started).toBe(11 * 60_000);
  });

  it("times out a step after a day of virtual time, and not a moment before", async () => {
    const clock = createVirtualClock();
    const workflow = createWorkflow({}, { clock });
    let settled = false;
    const pending = workflow(async (step) =>
      step.withTimeout(() => new Promise<never>(() => {}), { ms: 86_400_000, name: "wait a day" }),
    ).finally(() => {
      settled = true;
    });
    await clock.advance("23h 59m");
    expect(settled).toBe(false);
    await clock.advance("1m");
    const result = await pending;
    expect(result.ok ? undefined : result.cause).toMatchObject({
      type: "STEP_TIMEOUT",
      timeoutMs: 86_400_000,
    });
  });
});
