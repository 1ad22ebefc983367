import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ok, type AsyncResult } from "@awaitly/core";
import { createTestClock, createWorkflowHarness } from "@awaitly/testing";

describe("createTestClock", () => {
  it("starts at 0 or the given time and moves only when told to", () => {
    const clock = createTestClock();
    expect(clock.now()).toBe(0);
    clock.advance(10);
    clock.advance(-3);
    expect(clock.now()).toBe(7);
    clock.set(50);
    expect(clock.now()).toBe(50);
    clock.reset();
    expect(clock.now()).toBe(0);
    const later = createTestClock(1_000);
    const { now, advance } = later; // closures: safe to detach
    advance(1);
    expect(now()).toBe(1_001);
    later.reset();
    expect(now()).toBe(1_000);
  });

  it("gives zero durations with a frozen clock", async () => {
    const clock = createTestClock(42);
    const harness = createWorkflowHarness({}, { clock: clock.now });
    await harness.run(async (step) => step(() => ok(1), "a"));
    expect(harness.getInvocations()[0]).toMatchObject({ timestamp: 42, durationMs: 0 });
  });

  it("throws naming the argument for a non-number or non-finite time", () => {
    expect(() => createTestClock("0" as never)).toThrow(
      'createTestClock: startTime must be a number, got "0"',
    );
    expect(() => createTestClock(Number.NaN)).toThrow(RangeError);
    expect(() => createTestClock().advance(Number.POSITIVE_INFINITY)).toThrow(
      "clock.advance: ms must be finite, got Infinity",
    );
    expect(() => createTestClock().set(undefined as never)).toThrow(TypeError);
  });
});

describe("createWorkflowHarness with fake timers", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 10_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("stamps invocations with Date.now by default, so fake timers make them exact", async () => {
    const wait = async (ms: number): AsyncResult<number, never> => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return ok(ms);
    };
    const harness = createWorkflowHarness({ wait });
    const pending = harness.run(async (step, deps) => {
      await step(() => deps.wait(250), "first");
      return step(() => deps.wait(100), "second");
    });
    await vi.advanceTimersByTimeAsync(350);
    expect(await pending).toEqual(ok(100));
    expect(harness.getInvocations()).toMatchObject([
      { name: "first", timestamp: 10_000, durationMs: 250 },
      { name: "second", timestamp: 10_250, durationMs: 100 },
    ]);
  });
});
