import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  all,
  allAsync,
  allSettled,
  allSettledAsync,
  any,
  anyAsync,
  err,
  ok,
  partition,
} from "@awaitly/core";

const later = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
// Settlement order is driven by fake timers: advance past every timer, then read the outcome.
const settled = async <T>(promise: Promise<T>): Promise<T> => {
  await vi.advanceTimersByTimeAsync(100);
  return promise;
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("all", () => {
  it("collects values in order, or returns the first Err object by index", () => {
    expect(all([ok(1), ok("a")])).toStrictEqual({ ok: true, value: [1, "a"] });
    const first = err("A");
    expect(all([ok(1), first, err("B")])).toBe(first);
    expect(all([])).toStrictEqual({ ok: true, value: [] });
  });
});

describe("allAsync", () => {
  it("resolves with the first failure to settle, not by index", async () => {
    const slow = later(20, err("SLOW"));
    const fast = later(5, err("FAST"));
    expect(await settled(allAsync([slow, fast]))).toStrictEqual({ ok: false, error: "FAST" });
  });

  it("collects values in input order", async () => {
    expect(await settled(allAsync([later(10, ok(1)), ok(2), later(1, ok(3))]))).toStrictEqual({
      ok: true,
      value: [1, 2, 3],
    });
    expect(await settled(allAsync([]))).toStrictEqual({ ok: true, value: [] });
  });

  it("turns a rejection into PROMISE_REJECTED with a PROMISE_REJECTION cause", async () => {
    const reason = new Error("net");
    expect(await settled(allAsync([Promise.reject(reason)]))).toStrictEqual({
      ok: false,
      error: { type: "PROMISE_REJECTED", cause: reason },
      cause: { type: "PROMISE_REJECTION", reason },
    });
  });
});

describe("allSettled", () => {
  it("collects every failure with an own cause key, in order", () => {
    const r = allSettled([ok(1), err("A", { cause: 1 }), err("B")]);
    expect(r).toStrictEqual({
      ok: false,
      error: [
        { error: "A", cause: 1 },
        { error: "B", cause: undefined },
      ],
    });
    if (!r.ok) expect(Object.keys(r.error[1]!)).toEqual(["error", "cause"]);
    expect(allSettled([ok(1), ok(2)])).toStrictEqual({ ok: true, value: [1, 2] });
    expect(allSettled([])).toStrictEqual({ ok: true, value: [] });
  });
});

describe("allSettledAsync", () => {
  it("waits for every item and keeps input order", async () => {
    const reason = "down";
    const r = await settled(allSettledAsync([later(10, err("A")), Promise.reject(reason), ok(3)]));
    expect(r).toStrictEqual({
      ok: false,
      error: [
        { error: "A", cause: undefined },
        {
          error: { type: "PROMISE_REJECTED", cause: reason },
          cause: { type: "PROMISE_REJECTION", reason },
        },
      ],
    });
    expect(await settled(allSettledAsync([]))).toStrictEqual({ ok: true, value: [] });
  });
});

describe("any", () => {
  it("returns the first Ok by index, else the first Err, same objects", () => {
    const good = ok(2);
    expect(any([err("A"), good, ok(3)])).toBe(good);
    const firstErr = err("A");
    expect(any([firstErr, err("B")])).toBe(firstErr);
  });

  it("reports empty input", () => {
    expect(any([])).toStrictEqual({
      ok: false,
      error: { type: "EMPTY_INPUT", message: "any() requires at least one Result" },
    });
  });
});

describe("anyAsync", () => {
  it("returns the first Ok to settle", async () => {
    expect(
      await settled(anyAsync([later(20, ok("slow")), later(5, ok("fast")), err("X")])),
    ).toStrictEqual({
      ok: true,
      value: "fast",
    });
  });

  it("returns the fastest failure when all fail", async () => {
    expect(await settled(anyAsync([later(20, err("SLOW")), later(5, err("FAST"))]))).toStrictEqual({
      ok: false,
      error: "FAST",
    });
  });

  it("reports empty input", async () => {
    expect(await settled(anyAsync([]))).toStrictEqual({
      ok: false,
      error: { type: "EMPTY_INPUT", message: "anyAsync() requires at least one Result" },
    });
  });
});

describe("partition", () => {
  it("splits values and errors in input order, dropping causes", () => {
    expect(partition([ok(1), err("A", { cause: 1 }), ok(2), err("B")])).toStrictEqual({
      values: [1, 2],
      errors: ["A", "B"],
    });
  });
});
