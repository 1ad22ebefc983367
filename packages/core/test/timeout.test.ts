import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  STEP_TIMEOUT_MARKER,
  getStepTimeoutMeta,
  isStepTimeoutError,
  ok,
  run,
  type AsyncResult,
  type WorkflowEvent,
} from "@awaitly/core";

type Event = WorkflowEvent<unknown, unknown>;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const never = (): AsyncResult<string, never> => new Promise(() => {});
const after = (ms: number) => (): AsyncResult<string, never> =>
  new Promise((resolve) => setTimeout(() => resolve(ok("late")), ms));

describe("step timeout", () => {
  it("fails with a STEP_TIMEOUT error carrying step details when the attempt is too slow", async () => {
    const events: Event[] = [];
    const pending = run(
      async (step) => step.withTimeout(never, { ms: 50, name: "slow", key: "slow-key" }),
      { onEvent: (e) => void events.push(e) },
    );
    await vi.advanceTimersByTimeAsync(50);
    const result = await pending;
    const expected = {
      type: "STEP_TIMEOUT",
      stepName: "slow",
      stepKey: "slow-key",
      timeoutMs: 50,
      attempt: 1,
    };
    expect(result).toEqual({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION", thrown: expected } },
      cause: expected,
    });
    expect(events.map((e) => e.type)).toEqual([
      "step_start",
      "step_timeout",
      "step_error",
      "step_complete",
    ]);
    expect(events[1]).toMatchObject({ timeoutMs: 50, attempt: 1, name: "slow" });
  });

  it("resolves normally when the operation beats the timer", async () => {
    const pending = run(async (step) => step(after(10), { timeout: { ms: 50 } }));
    await vi.advanceTimersByTimeAsync(10);
    expect(await pending).toEqual({ ok: true, value: "late" });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("aborts the signal handed to the operation when signal is true", async () => {
    let seen: AbortSignal | undefined;
    const pending = run(async (step) =>
      step.withTimeout(
        (signal: AbortSignal) => {
          seen = signal;
          return never();
        },
        { ms: 20, signal: true },
      ),
    );
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    await pending;
    expect(seen?.aborted).toBe(true);
  });

  it("maps timeouts through catchUnexpected in strict mode", async () => {
    const pending = run.strict<string, "TIMED_OUT" | "OTHER">(
      async (step) => step(never, { timeout: { ms: 5 } }),
      { catchUnexpected: (cause) => (isStepTimeoutError(cause) ? "TIMED_OUT" : "OTHER") },
    );
    await vi.advanceTimersByTimeAsync(5);
    expect(await pending).toMatchObject({ ok: false, error: "TIMED_OUT" });
  });

  it("throws a custom object error marked with the timeout meta", async () => {
    const custom = { code: "SLOW" };
    const pending = run(async (step) =>
      step(never, { timeout: { ms: 30, error: custom }, name: "n" }),
    );
    await vi.advanceTimersByTimeAsync(30);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, cause: custom });
    expect(isStepTimeoutError(custom)).toBe(true);
    expect(Object.keys(custom)).toEqual(["code"]);
    expect(getStepTimeoutMeta(custom)).toEqual({
      timeoutMs: 30,
      stepName: "n",
      stepKey: undefined,
      attempt: 1,
    });
    expect(STEP_TIMEOUT_MARKER).toBe(Symbol.for("step_timeout_marker"));
  });

  it("fails with a frozen custom error (which cannot be marked) instead of hanging", async () => {
    const custom = Object.freeze({ code: "SLOW" });
    const pending = run(async (step) => step(never, { timeout: { ms: 30, error: custom } }));
    await vi.advanceTimersByTimeAsync(30);
    expect(await pending).toMatchObject({ ok: false, cause: custom });
    expect(isStepTimeoutError(custom)).toBe(false);
  });

  it("re-marks a reused custom error with its latest attempt", async () => {
    const custom = { code: "SLOW" };
    const pending = run(async (step) =>
      step(never, {
        retry: { attempts: 2, initialDelay: 1, jitter: false },
        timeout: { ms: 30, error: custom },
      }),
    );
    await vi.advanceTimersByTimeAsync(100);
    await pending;
    expect(getStepTimeoutMeta(custom)).toMatchObject({ attempt: 2, timeoutMs: 30 });
  });

  it("recognises a primitive custom timeout error (emits step_timeout)", async () => {
    const events: Event[] = [];
    const pending = run(async (step) => step(never, { timeout: { ms: 10, error: "TIMEOUT" } }), {
      onEvent: (e) => void events.push(e),
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(await pending).toMatchObject({ ok: false, cause: "TIMEOUT" });
    expect(events.map((e) => e.type)).toContain("step_timeout");
  });

  it("clears its timer when the operation throws synchronously (no late rejection)", async () => {
    const boom = new Error("sync");
    const result = await run(async (step) =>
      step(
        () => {
          throw boom;
        },
        { timeout: { ms: 100 } },
      ),
    );
    expect(result).toMatchObject({ ok: false, cause: boom });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("times out each attempt and retries, asking retryOn once per timeout", async () => {
    const retryOn = vi.fn(() => true);
    const events: Event[] = [];
    const pending = run(
      async (step) =>
        step.retry(never, {
          attempts: 2,
          initialDelay: 10,
          jitter: false,
          retryOn,
          timeout: { ms: 40 },
        }),
      { onEvent: (e) => void events.push(e) },
    );
    await vi.advanceTimersByTimeAsync(40 + 10 + 40);
    await pending;
    expect(retryOn).toHaveBeenCalledTimes(1);
    expect(events.map((e) => e.type)).toEqual([
      "step_start",
      "step_timeout",
      "step_retry",
      "step_timeout",
      "step_retries_exhausted",
      "step_error",
    ]);
    expect(events[3]).toMatchObject({ attempt: 2 });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    "reports timeout.ms %s as a RangeError naming the option",
    async (ms) => {
      const result = await run(async (step) => step(never, { timeout: { ms } }));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.cause).toBeInstanceOf(RangeError);
        expect((result.cause as Error).message).toMatch(/timeout\.ms/);
      }
    },
  );
});

describe("isStepTimeoutError / getStepTimeoutMeta", () => {
  it("reject values that are not timeouts", () => {
    expect(isStepTimeoutError(new Error("x"))).toBe(false);
    expect(isStepTimeoutError(null)).toBe(false);
    expect(getStepTimeoutMeta("TIMEOUT")).toBeUndefined();
    expect(getStepTimeoutMeta({ type: "OTHER" })).toBeUndefined();
  });
});
