import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  allAsync,
  allSettledAsync,
  anyAsync,
  err,
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

const delayed = <T>(ms: number, value: T): AsyncResult<T, never> =>
  new Promise((resolve) => setTimeout(() => resolve(ok(value)), ms));
const failing = <E>(ms: number, error: E): AsyncResult<never, E> =>
  new Promise((resolve) => setTimeout(() => resolve(err(error)), ms));

describe("step.parallel (named)", () => {
  it("runs operations concurrently and returns an object with each key's value", async () => {
    const events: Event[] = [];
    const pending = run(
      async (step) =>
        step.parallel({
          user: () => delayed(30, { id: "u" }),
          count: () => delayed(10, 3),
        }),
      { onEvent: (e) => void events.push(e) },
    );
    await vi.advanceTimersByTimeAsync(30);
    expect(await pending).toEqual({ ok: true, value: { user: { id: "u" }, count: 3 } });
    expect(events.map((e) => e.type)).toEqual(["scope_start", "scope_end"]);
    expect(events[0]).toMatchObject({ scopeType: "parallel", name: "Parallel(user, count)" });
    expect(events[1]?.type === "scope_end" && events[1].scopeId).toBe(
      events[0]?.type === "scope_start" && events[0].scopeId,
    );
  });

  it("fails fast on the first failure to settle, reporting its key to onError", async () => {
    const onError = vi.fn();
    const pending = run<unknown, "A" | "B">(
      async (step) =>
        step.parallel(
          { a: () => failing(20, "A" as const), b: () => failing(5, "B" as const) },
          {
            name: "both",
          },
        ),
      { onError },
    );
    await vi.advanceTimersByTimeAsync(20);
    expect(await pending).toEqual({ ok: false, error: "B" });
    expect(onError).toHaveBeenCalledWith("B", "b", undefined);
  });

  it("turns a rejected operation into PROMISE_REJECTED", async () => {
    const reason = new Error("nope");
    const result = await run(
      async (step) =>
        step.parallel({ a: () => Promise.reject(reason) as AsyncResult<never, never> }),
      { onError: () => {} },
    );
    expect(result).toEqual({
      ok: false,
      error: { type: "PROMISE_REJECTED", cause: reason },
      cause: { type: "PROMISE_REJECTION", reason },
    });
  });

  it("stops at a synchronous throw: later operations never start, the scope still ends", async () => {
    const boom = new Error("sync");
    const later = vi.fn(() => ok(2));
    const events: Event[] = [];
    const result = await run(
      async (step) =>
        step.parallel({
          a: () => {
            throw boom;
          },
          b: later,
        }),
      { onEvent: (e) => void events.push(e) },
    );
    expect(later).not.toHaveBeenCalled();
    expect(events.map((e) => e.type)).toEqual(["scope_start", "scope_end"]);
    expect(result).toMatchObject({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION", thrown: boom } },
    });
  });

  it("resolves {} immediately for no operations", async () => {
    expect(await run(async (step) => step.parallel({}))).toEqual({ ok: true, value: {} });
  });
});

describe("step.parallel (array) / step.allSettled / step.race", () => {
  it("wraps allAsync in a named parallel scope", async () => {
    const events: Event[] = [];
    const pending = run(
      async (step) => step.parallel("pair", () => allAsync([delayed(5, 1), delayed(1, 2)])),
      { onEvent: (e) => void events.push(e) },
    );
    await vi.advanceTimersByTimeAsync(5);
    expect(await pending).toEqual({ ok: true, value: [1, 2] });
    expect(events[0]).toMatchObject({ type: "scope_start", scopeType: "parallel", name: "pair" });
  });

  it("reports an allSettled failure with its scope name", async () => {
    const onError = vi.fn();
    const result = await run(
      async (step) =>
        step.allSettled("signup", () => allSettledAsync([Promise.resolve(err("WEAK_PASSWORD"))])),
      { onError },
    );
    expect(result.ok).toBe(false);
    expect(onError.mock.calls[0]?.[1]).toBe("signup");
  });

  it("credits the race winner to a step started inside that race", async () => {
    const events: Event[] = [];
    const pending = run(
      async (step) => {
        const outside = step(() => delayed(1, "outside"), "outside");
        // Each contender is a step inside the race, lifted back into a Result for anyAsync.
        const contender = async (ms: number, name: string) =>
          ok(await step(() => delayed(ms, name), name));
        const winner = await step.race("fastest", () =>
          anyAsync([contender(5, "slow"), contender(2, "fast")]),
        );
        await outside;
        return winner;
      },
      { onEvent: (e) => void events.push(e) },
    );
    await vi.advanceTimersByTimeAsync(5);
    const result = await pending;
    const end = events.find((e) => e.type === "scope_end");
    const fast = events.find((e) => e.type === "step_start" && e.name === "fast");
    expect(end).toHaveProperty("winnerId");
    expect(end?.type === "scope_end" && end.winnerId).toBe(
      fast?.type === "step_start" && fast.stepId,
    );
    expect(result).toEqual({ ok: true, value: "fast" });
  });

  it("emits scope_end before an exception escapes", async () => {
    const events: Event[] = [];
    const boom = new Error("boom");
    const result = await run(
      async (step) =>
        step.race("r", () => {
          throw boom;
        }),
      { onEvent: (e) => void events.push(e) },
    );
    expect(events.map((e) => e.type)).toEqual(["scope_start", "scope_end"]);
    expect(result).toMatchObject({ ok: false, cause: boom });
  });
});
