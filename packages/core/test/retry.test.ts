import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  err,
  ok,
  run,
  type AsyncResult,
  type RetryOptions,
  type WorkflowEvent,
} from "@awaitly/core";

type Event = WorkflowEvent<unknown, unknown>;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** An operation failing `failures` times with "FLAKY", then succeeding with "done". */
const flaky = (failures: number) => {
  let calls = 0;
  const op = vi.fn(async (): AsyncResult<string, "FLAKY"> => {
    calls += 1;
    return calls <= failures ? err("FLAKY") : ok("done");
  });
  return op;
};

const retryDelays = async (retry: RetryOptions, failures = 10) => {
  const events: Event[] = [];
  const pending = run(async (step) => step(flaky(failures), { retry }), {
    onEvent: (e) => void events.push(e),
    onError: () => {},
  });
  await vi.runAllTimersAsync();
  await pending;
  return events.flatMap((e) => (e.type === "step_retry" ? [e.delayMs] : []));
};

describe("step retry", () => {
  it("retries a failing operation until it succeeds, sleeping between attempts", async () => {
    const op = flaky(2);
    const pending = run(async (step) =>
      step(op, { retry: { attempts: 3, initialDelay: 100, backoff: "fixed", jitter: false } }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(op).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(op).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(op).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toEqual({ ok: true, value: "done" });
    expect(op).toHaveBeenCalledTimes(3);
  });

  it("grows delays by the chosen backoff strategy", async () => {
    const base = { attempts: 5, initialDelay: 100, jitter: false } as const;
    expect(await retryDelays({ ...base, backoff: "fixed" })).toEqual([100, 100, 100, 100]);
    expect(await retryDelays({ ...base, backoff: "linear" })).toEqual([100, 200, 300, 400]);
    expect(await retryDelays({ ...base, backoff: "exponential" })).toEqual([100, 200, 400, 800]);
    expect(await retryDelays({ ...base, maxDelay: 250 })).toEqual([100, 200, 250, 250]);
  });

  it("defaults to exponential backoff from 100 ms with jitter", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(await retryDelays({ attempts: 3 })).toEqual([100, 200]);
  });

  it("adds up to 25% jitter but never more than maxDelay", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    const delays = await retryDelays({ attempts: 4, initialDelay: 100, backoff: "fixed" });
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThanOrEqual(125);
    }
    const capped = await retryDelays({ attempts: 4, initialDelay: 1000, maxDelay: 1000 });
    expect(capped.every((d) => d <= 1000)).toBe(true);
  });

  it("emits retry events with the next attempt number and exhaustion with the attempts made", async () => {
    const events: Event[] = [];
    const pending = run(
      async (step) =>
        step(flaky(5), { key: "k", retry: { attempts: 3, initialDelay: 10, jitter: false } }),
      { onEvent: (e) => void events.push(e), onError: () => {} },
    );
    await vi.runAllTimersAsync();
    expect(await pending).toEqual({ ok: false, error: "FLAKY" });
    expect(events.map((e) => e.type)).toEqual([
      "step_start",
      "step_retry",
      "step_retry",
      "step_retries_exhausted",
      "step_error",
      "step_complete",
    ]);
    expect(events[1]).toMatchObject({ attempt: 2, maxAttempts: 3, delayMs: 10, error: "FLAKY" });
    expect(events[2]).toMatchObject({ attempt: 3, delayMs: 20 });
    expect(events[3]).toMatchObject({ attempts: 3, lastError: "FLAKY" });
  });

  it("asks retryOn once per failure with the failed attempt and calls onRetry before sleeping", async () => {
    const retryOn = vi.fn((_e: unknown, attempt: number) => attempt < 2);
    const onRetry = vi.fn();
    const events: Event[] = [];
    const pending = run(
      async (step) =>
        step(flaky(5), {
          retry: { attempts: 5, initialDelay: 10, jitter: false, retryOn, onRetry },
        }),
      { onEvent: (e) => void events.push(e), onError: () => {} },
    );
    await vi.runAllTimersAsync();
    await pending;
    expect(retryOn.mock.calls).toEqual([
      ["FLAKY", 1],
      ["FLAKY", 2],
    ]);
    expect(onRetry.mock.calls).toEqual([["FLAKY", 1, 10]]);
    expect(events.find((e) => e.type === "step_retries_exhausted")).toMatchObject({ attempts: 2 });
  });

  it("retries thrown exceptions and reports the last one", async () => {
    const boom = new Error("boom");
    const op = vi.fn(async (): AsyncResult<number, never> => {
      throw boom;
    });
    const pending = run(async (step) =>
      step.retry(op, { attempts: 2, initialDelay: 5, jitter: false }),
    );
    await vi.runAllTimersAsync();
    const result = await pending;
    expect(op).toHaveBeenCalledTimes(2);
    expect(result).toMatchObject({ ok: false, cause: boom });
  });

  it("treats a throwing onRetry as a bug surfaced as UnexpectedError, not as a retryable failure", async () => {
    const hookError = new Error("onRetry broke");
    const op = flaky(1);
    const pending = run(async (step) =>
      step(op, {
        retry: {
          attempts: 3,
          onRetry: () => {
            throw hookError;
          },
        },
      }),
    );
    await vi.runAllTimersAsync();
    const result = await pending;
    expect(op).toHaveBeenCalledTimes(1);
    expect(result).toMatchObject({ ok: false, cause: hookError });
  });

  it("runs one attempt when attempts is 0", async () => {
    const op = flaky(5);
    const pending = run(async (step) => step(op, { retry: { attempts: 0 } }), {
      onError: () => {},
    });
    await vi.runAllTimersAsync();
    expect(await pending).toEqual({ ok: false, error: "FLAKY" });
    expect(op).toHaveBeenCalledTimes(1);
  });

  it("states the rule it applies (≥ 0) when attempts is rejected", async () => {
    const result = await run(async (step) => step(flaky(0), { retry: { attempts: -1 } }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.cause).toBeInstanceOf(RangeError);
      expect((result.cause as Error).message).toMatch(/whole number ≥ 0\b.*got -1/);
    }
  });

  it.each([
    ["attempts", { attempts: Number.NaN }, RangeError, /attempts.*NaN/],
    ["attempts", { attempts: 2.5 }, RangeError, /attempts.*2\.5/],
    ["attempts", { attempts: -1 }, RangeError, /attempts.*-1/],
    ["backoff", { attempts: 2, backoff: "random" }, RangeError, /backoff.*random/],
    ["initialDelay", { attempts: 2, initialDelay: -5 }, RangeError, /initialDelay.*-5/],
    ["retryOn", { attempts: 2, retryOn: "yes" }, TypeError, /retryOn/],
    ["onRetry", { attempts: 2, onRetry: 1 }, TypeError, /onRetry/],
  ])("reports bad %s as an error naming the option", async (_name, retry, kind, message) => {
    const op = flaky(0);
    const result = await run(async (step) => step(op, { retry: retry as unknown as RetryOptions }));
    expect(op).not.toHaveBeenCalled();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.cause).toBeInstanceOf(kind);
      expect((result.cause as Error).message).toMatch(message);
    }
  });
});
