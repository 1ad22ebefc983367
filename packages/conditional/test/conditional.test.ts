import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WorkflowEvent } from "@awaitly/core";
import { unless, unlessOr, when, whenOr, type ConditionalContext } from "@awaitly/conditional";

type Event = WorkflowEvent<unknown, unknown>;
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

function listener() {
  const events: Event[] = [];
  const ctx = { workflowId: "wf-1", onEvent: (e: Event) => void events.push(e) };
  return { events, ctx };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("when", () => {
  it("returns a sync operation's value as is and emits nothing when the condition holds", () => {
    const { events, ctx } = listener();
    const result = when(true, () => 5, { name: "n" }, ctx);
    expect(result).toBe(5);
    expect(events).toEqual([]);
  });

  it("returns an async operation's promise when the condition holds", async () => {
    const result = when(true, async () => 5);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(5);
  });

  it("skips the operation and returns undefined synchronously when the condition is false", () => {
    const op = vi.fn(() => 1);
    expect(when(false, op)).toBeUndefined();
    expect(op).not.toHaveBeenCalled();
  });

  it("emits one step_skipped event with the options and workflow id when skipping", () => {
    const { events, ctx } = listener();
    expect(when(false, () => 1, { name: "email", key: "email:1", reason: "opted out" }, ctx)).toBe(
      undefined,
    );
    expect(events).toHaveLength(1);
    const event = events[0] as Event & { type: "step_skipped" };
    expect(event).toStrictEqual({
      type: "step_skipped",
      workflowId: "wf-1",
      stepKey: "email:1",
      name: "email",
      reason: "opted out",
      decisionId: event.decisionId,
      ts: NOW,
    });
    expect(Object.keys(event)).toEqual([
      "type",
      "workflowId",
      "stepKey",
      "name",
      "reason",
      "decisionId",
      "ts",
    ]);
    expect(event.decisionId).toMatch(new RegExp(`^decision_${NOW}_[0-9a-z]{1,6}$`));
  });

  it("keeps stepKey, name and reason as own undefined keys when no options are given", () => {
    const { events, ctx } = listener();
    void when(false, () => 1, undefined, ctx);
    const event = events[0] as Record<string, unknown>;
    expect(Object.keys(event)).toEqual([
      "type",
      "workflowId",
      "stepKey",
      "name",
      "reason",
      "decisionId",
      "ts",
    ]);
    expect(event.stepKey).toBeUndefined();
    expect("context" in event).toBe(false);
  });

  it("adds the context when it is not undefined, null included", () => {
    const { events, ctx } = listener();
    void when(false, () => 1, undefined, { ...ctx, context: { requestId: "r1" } });
    void when(false, () => 1, undefined, { ...ctx, context: null });
    void when(false, () => 1, undefined, { ...ctx, context: undefined });
    expect(events.map((e) => e.context)).toEqual([{ requestId: "r1" }, null, undefined]);
    expect(Object.keys(events[0] ?? {}).at(-1)).toBe("context");
    expect("context" in (events[1] ?? {})).toBe(true);
    expect("context" in (events[2] ?? {})).toBe(false);
  });

  it("is silent without a ctx or without ctx.onEvent", () => {
    const ctx: ConditionalContext = { workflowId: "w" };
    expect(when(false, () => 1, { name: "n" }, ctx)).toBeUndefined();
    expect(when(false, () => 1, { name: "n" })).toBeUndefined();
  });

  it("uses a fresh decisionId and event object per skip", () => {
    const { events, ctx } = listener();
    const random = vi.spyOn(Math, "random").mockReturnValueOnce(0.25).mockReturnValueOnce(0.5);
    void when(false, () => 1, undefined, ctx);
    void when(false, () => 1, undefined, ctx);
    expect(random).toHaveBeenCalledTimes(2);
    expect(events[0]).not.toBe(events[1]);
    expect(events.map((e) => (e as { decisionId?: string }).decisionId)).toEqual([
      `decision_${NOW}_${(0.25).toString(36).slice(2, 8)}`,
      `decision_${NOW}_${(0.5).toString(36).slice(2, 8)}`,
    ]);
  });

  it("throws synchronously when the operation or onEvent throws", () => {
    expect(() =>
      when(true, () => {
        throw new Error("op");
      }),
    ).toThrow("op");
    const onEvent = () => {
      throw new Error("listener");
    };
    expect(() => when(false, () => 1, undefined, { workflowId: "w", onEvent })).toThrow("listener");
  });

  it("returns a rejecting promise unchanged", async () => {
    const rejected = Promise.reject(new Error("later"));
    const result = when(true, () => rejected);
    expect(result).toBe(rejected);
    await expect(result).rejects.toThrow("later");
  });

  it("throws a TypeError naming the value when the operation is not a function", () => {
    expect(() => when(false, 42 as never)).toThrow(
      new TypeError(
        "when: operation must be a function returning the value (e.g. () => step(…)), got number 42",
      ),
    );
    expect(() => whenOr(true, null as never, 0)).toThrow(/whenOr: operation .* got null/);
  });
});

describe("unless", () => {
  it("runs the operation when the condition is false and skips it when true", () => {
    const { events, ctx } = listener();
    expect(unless(false, () => "ran", { name: "n" }, ctx)).toBe("ran");
    expect(events).toEqual([]);
    const op = vi.fn(() => "ran");
    expect(unless(true, op, { name: "n", reason: "already done" }, ctx)).toBeUndefined();
    expect(op).not.toHaveBeenCalled();
    expect(events).toEqual([
      expect.objectContaining({ type: "step_skipped", name: "n", reason: "already done" }),
    ]);
  });
});

describe("whenOr", () => {
  it("returns the operation's value when the condition holds", async () => {
    expect(whenOr(true, () => 1, 0)).toBe(1);
    await expect(whenOr(true, async () => 1, 0)).resolves.toBe(1);
  });

  it("returns the default itself, synchronously, and emits with context when skipping", () => {
    const { events, ctx } = listener();
    const fallback = { plan: "free" };
    expect(
      whenOr(false, () => ({ plan: "pro" }), fallback, undefined, { ...ctx, context: { r: 1 } }),
    ).toBe(fallback);
    expect(events).toEqual([
      expect.objectContaining({ type: "step_skipped", workflowId: "wf-1", context: { r: 1 } }),
    ]);
  });

  it("never calls a function default and returns a promise default as that promise", () => {
    const fnDefault = vi.fn(() => "x");
    expect(whenOr(false, () => "y", fnDefault)).toBe(fnDefault);
    expect(fnDefault).not.toHaveBeenCalled();
    const promiseDefault = Promise.resolve(3);
    expect(whenOr(false, () => 1, promiseDefault)).toBe(promiseDefault);
  });
});

describe("unlessOr", () => {
  it("runs when false and returns the default with an event when true", () => {
    const { events, ctx } = listener();
    expect(unlessOr(false, () => "ran", "default", undefined, ctx)).toBe("ran");
    expect(unlessOr(true, () => "ran", "default", { key: "k" }, ctx)).toBe("default");
    expect(events).toEqual([expect.objectContaining({ type: "step_skipped", stepKey: "k" })]);
  });
});
