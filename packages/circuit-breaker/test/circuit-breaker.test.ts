import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createWorkflow, err, ok, type AsyncResult } from "@awaitly/core";
import {
  CircuitOpenError,
  circuitBreakerPresets,
  createCircuitBreaker,
  isCircuitOpenError,
  type CircuitState,
} from "@awaitly/circuit-breaker";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

const fail = () => Promise.reject(new Error("down"));
const succeed = () => Promise.resolve("up");

describe("createCircuitBreaker state machine", () => {
  it("opens after the threshold inside the window, half-opens after resetTimeout, closes after halfOpenMax successes", async () => {
    const changes: [CircuitState, CircuitState, string | undefined][] = [];
    const breaker = createCircuitBreaker("svc", {
      failureThreshold: 3,
      resetTimeout: 1000,
      windowSize: 10_000,
      halfOpenMax: 2,
      onStateChange: (from, to, name) => void changes.push([from, to, name]),
    });
    for (let i = 0; i < 3; i++) await expect(breaker.execute(fail)).rejects.toThrow("down");
    expect(breaker.getState()).toBe("OPEN");
    const operation = vi.fn(succeed);
    const refused = await breaker.execute(operation).catch((e: unknown) => e);
    expect(isCircuitOpenError(refused)).toBe(true);
    expect(refused).toMatchObject({ circuitName: "svc", state: "OPEN", retryAfterMs: 1000 });
    expect((refused as Error).message).toBe('Circuit breaker "svc" is OPEN. Retry after 1s');
    expect(operation).not.toHaveBeenCalled();

    vi.advanceTimersByTime(999);
    expect(breaker.getState()).toBe("OPEN");
    vi.advanceTimersByTime(1);
    expect(breaker.getState()).toBe("HALF_OPEN");
    await breaker.execute(succeed);
    expect(breaker.getState()).toBe("HALF_OPEN");
    await breaker.execute(succeed);
    expect(breaker.getState()).toBe("CLOSED");
    expect(breaker.getStats()).toMatchObject({
      failureCount: 0,
      successCount: 2,
      halfOpenSuccesses: 2,
    });
    expect(changes).toEqual([
      ["CLOSED", "OPEN", "svc"],
      ["OPEN", "HALF_OPEN", "svc"],
      ["HALF_OPEN", "CLOSED", "svc"],
    ]);
  });

  it("reopens on a half-open failure and measures the cool-down from the last failure", async () => {
    const breaker = createCircuitBreaker("svc", { failureThreshold: 1, resetTimeout: 500 });
    await expect(breaker.execute(fail)).rejects.toThrow();
    vi.advanceTimersByTime(500);
    await expect(breaker.execute(fail)).rejects.toThrow("down");
    expect(breaker.getState()).toBe("OPEN");
    vi.advanceTimersByTime(300);
    breaker.recordFailure();
    vi.advanceTimersByTime(300);
    expect(breaker.getState()).toBe("OPEN");
    vi.advanceTimersByTime(200);
    expect(breaker.getState()).toBe("HALF_OPEN");
  });

  it("counts failures in a sliding window, not consecutively", async () => {
    const breaker = createCircuitBreaker("svc", { failureThreshold: 3, windowSize: 1000 });
    await expect(breaker.execute(fail)).rejects.toThrow();
    await breaker.execute(succeed);
    await breaker.execute(succeed);
    vi.advanceTimersByTime(500);
    await expect(breaker.execute(fail)).rejects.toThrow();
    vi.advanceTimersByTime(500); // the first failure ages out
    await expect(breaker.execute(fail)).rejects.toThrow();
    expect(breaker.getState()).toBe("CLOSED");
    await expect(breaker.execute(fail)).rejects.toThrow();
    expect(breaker.getState()).toBe("OPEN");
  });

  it("executeResult counts Err as failure, returns the same Result, and refuses with err()", async () => {
    const breaker = createCircuitBreaker("svc", { failureThreshold: 1 });
    const failure = err("DOWN");
    expect(await breaker.executeResult(async () => failure)).toBe(failure);
    const refused = await breaker.executeResult(async () => ok(1));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toBeInstanceOf(CircuitOpenError);
  });

  it("reset closes and clears failures; forceOpen blocks for resetTimeout", async () => {
    const breaker = createCircuitBreaker("svc", { failureThreshold: 1, resetTimeout: 100 });
    breaker.forceOpen();
    expect(breaker.getState()).toBe("OPEN");
    vi.advanceTimersByTime(100);
    expect(breaker.getState()).toBe("HALF_OPEN");
    breaker.recordFailure(new Error("x"));
    breaker.reset();
    expect(breaker.getStats()).toMatchObject({
      state: "CLOSED",
      failureCount: 0,
      halfOpenSuccesses: 0,
    });
    breaker.recordSuccess();
    expect(breaker.getStats().successCount).toBe(1);
  });

  it("accepts resetTimeout 0 and halfOpenMax 0", async () => {
    const breaker = createCircuitBreaker("svc", {
      failureThreshold: 1,
      resetTimeout: 0,
      halfOpenMax: 0,
    });
    await expect(breaker.execute(fail)).rejects.toThrow();
    expect(breaker.getState()).toBe("HALF_OPEN");
    await breaker.execute(succeed);
    expect(breaker.getState()).toBe("CLOSED");
  });
});

describe("createCircuitBreaker configuration", () => {
  it.each([
    ["failureThreshold", 0],
    ["failureThreshold", -1],
    ["failureThreshold", 2.5],
    ["resetTimeout", -1],
    ["resetTimeout", Number.NaN],
    ["windowSize", 0],
    ["windowSize", Number.POSITIVE_INFINITY],
    ["halfOpenMax", -1],
  ])("throws a RangeError naming %s = %s", (option, value) => {
    expect(() => createCircuitBreaker("svc", { [option]: value })).toThrow(RangeError);
    expect(() => createCircuitBreaker("svc", { [option]: value })).toThrow(
      new RegExp(`${option}.*${String(value)}`),
    );
  });

  it("treats an undefined option as its default", async () => {
    const breaker = createCircuitBreaker("svc", {
      failureThreshold: undefined,
      resetTimeout: undefined,
    } as never);
    for (let i = 0; i < 5; i++) await expect(breaker.execute(fail)).rejects.toThrow();
    expect(breaker.getState()).toBe("OPEN");
    expect(await breaker.execute(succeed).catch((e: unknown) => e)).toBeInstanceOf(
      CircuitOpenError,
    );
  });

  it("has the specified presets", () => {
    expect(circuitBreakerPresets).toEqual({
      critical: { failureThreshold: 3, resetTimeout: 60_000, windowSize: 30_000, halfOpenMax: 1 },
      standard: { failureThreshold: 5, resetTimeout: 30_000, windowSize: 60_000, halfOpenMax: 3 },
      lenient: { failureThreshold: 10, resetTimeout: 15_000, windowSize: 120_000, halfOpenMax: 5 },
    });
  });

  it("errors carry identity and JSON form", () => {
    const e = new CircuitOpenError({ circuitName: "n", state: "OPEN", retryAfterMs: 1500 });
    expect(Object.keys(e)).toEqual(["type", "circuitName", "state", "retryAfterMs", "name"]);
    expect(e.message).toBe('Circuit breaker "n" is OPEN. Retry after 2s');
    expect(isCircuitOpenError({ type: "CIRCUIT_OPEN" })).toBe(true);
    expect(isCircuitOpenError(new Error("x"))).toBe(false);
  });
});

describe("a breaker inside a workflow step", () => {
  it("turns an open circuit into the step's typed error", async () => {
    const breaker = createCircuitBreaker("payments", { failureThreshold: 2 });
    const charge = (): AsyncResult<number, "DECLINED" | CircuitOpenError> =>
      breaker.executeResult(async () => err("DECLINED" as const));
    const workflow = createWorkflow({ charge });
    await workflow(async (step, deps) => step(() => deps.charge()));
    await workflow(async (step, deps) => step(() => deps.charge()));
    const third = await workflow(async (step, deps) => step(() => deps.charge()));
    expect(!third.ok && isCircuitOpenError(third.error)).toBe(true);
  });
});
