import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createStepCollector,
  createWorkflow,
  err,
  ok,
  run,
  type AsyncResult,
  type WorkflowEvent,
} from "@awaitly/core";
import { createConditionalHelpers, when } from "@awaitly/conditional";

type Event = WorkflowEvent<unknown, unknown>;
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

const sendEmail = async (to: string): AsyncResult<string, "BOUNCED"> =>
  to.includes("@") ? ok(`sent:${to}`) : err("BOUNCED");
const charge = async (cents: number): AsyncResult<number, "DECLINED"> =>
  cents < 10_000 ? ok(cents) : err("DECLINED");

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createConditionalHelpers", () => {
  it("forwards to the helpers with the bound ctx", () => {
    const events: Event[] = [];
    const h = createConditionalHelpers({ workflowId: "w", onEvent: (e) => events.push(e) });
    expect(Object.keys(h)).toEqual(["when", "unless", "whenOr", "unlessOr"]);
    expect(h.when(true, () => 1)).toBe(1);
    expect(h.when(false, () => 1, { name: "a" })).toBeUndefined();
    expect(h.unless(true, () => 1, { name: "b" })).toBeUndefined();
    expect(h.whenOr(false, () => 1, "d", { name: "c" })).toBe("d");
    expect(h.unlessOr(true, () => 1, "e", { name: "d" })).toBe("e");
    expect(h.unlessOr(false, () => 1, "e")).toBe(1);
    expect(events.map((e) => [e.type, e.workflowId, (e as { name?: string }).name])).toEqual([
      ["step_skipped", "w", "a"],
      ["step_skipped", "w", "b"],
      ["step_skipped", "w", "c"],
      ["step_skipped", "w", "d"],
    ]);
  });

  it("reads ctx by reference, so later changes to onEvent and context apply", () => {
    const first: Event[] = [];
    const second: Event[] = [];
    const ctx: { workflowId: string; onEvent?: (e: Event) => void; context?: unknown } = {
      workflowId: "w",
    };
    const h = createConditionalHelpers(ctx);
    void h.when(false, () => 1);
    ctx.onEvent = (e) => first.push(e);
    void h.when(false, () => 1);
    ctx.onEvent = (e) => second.push(e);
    ctx.context = { tenant: "t1" };
    void h.when(false, () => 1);
    expect(first).toHaveLength(1);
    expect("context" in (first[0] ?? {})).toBe(false);
    expect(second).toEqual([expect.objectContaining({ context: { tenant: "t1" } })]);
  });

  it("throws a TypeError naming the value for a bad ctx", () => {
    expect(() => createConditionalHelpers(undefined as never)).toThrow(
      new TypeError(
        "createConditionalHelpers: ctx must be an object { workflowId, onEvent?, context? }, got undefined undefined",
      ),
    );
    expect(() => createConditionalHelpers({ workflowId: "w", onEvent: "log" as never })).toThrow(
      new TypeError(
        'createConditionalHelpers: ctx.onEvent must be a function or undefined, got "log"',
      ),
    );
  });
});

describe("with createWorkflow", () => {
  it("routes step_skipped into the workflow's onEvent with its workflowId and context", async () => {
    const events: Event[] = [];
    const onEvent = vi.fn((e: Event) => void events.push(e));
    const workflow = createWorkflow(
      { sendEmail, charge },
      { onEvent, createContext: () => ({ requestId: "req-7" }) },
    );
    const result = await workflow(async (step, deps, ctx) => {
      const { when, whenOr } = createConditionalHelpers(ctx);
      const paid = await step(() => deps.charge(500), { key: "charge" });
      const email = await when(false, () => step(() => deps.sendEmail("a@b"), { key: "email" }), {
        name: "email",
        key: "email",
        reason: "opted out",
      });
      const sms = await whenOr(false, () => step(() => deps.sendEmail("x@y")), "no-sms");
      return { paid, email, sms };
    });
    expect(result).toEqual({ ok: true, value: { paid: 500, email: undefined, sms: "no-sms" } });

    const start = events.find((e) => e.type === "workflow_start");
    const skipped = events.filter((e) => e.type === "step_skipped");
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toStrictEqual({
      type: "step_skipped",
      workflowId: start?.workflowId,
      stepKey: "email",
      name: "email",
      reason: "opted out",
      decisionId: expect.stringMatching(/^decision_\d+_[0-9a-z]{1,6}$/),
      ts: NOW,
      context: { requestId: "req-7" },
    });
    expect(skipped[1]).toMatchObject({
      workflowId: start?.workflowId,
      context: { requestId: "req-7" },
    });
    // The raw listener gets the skip event only, with no second argument.
    const skipCall = onEvent.mock.calls.find(([e]) => e.type === "step_skipped");
    expect(skipCall).toHaveLength(1);
    // The skipped step never started.
    const started = events.filter((e) => e.type === "step_start");
    expect(started).toHaveLength(1);
    expect(
      events.some((e) => "stepKey" in e && e.stepKey === "email" && e.type !== "step_skipped"),
    ).toBe(false);
  });

  it("records no resume entry for a skipped key, so a resumed run with the condition true executes it", async () => {
    const collector = createStepCollector();
    const send = vi.fn(sendEmail);
    const first = createWorkflow({ send }, { onEvent: collector.handleEvent });
    const execute = (workflow: typeof first, wantsEmail: boolean) =>
      workflow(async (step, deps, ctx) =>
        createConditionalHelpers(ctx).when(wantsEmail, () =>
          step(() => deps.send("a@b"), { key: "email" }),
        ),
      );
    expect(await execute(first, false)).toEqual({ ok: true, value: undefined });
    expect(collector.getState().steps.has("email")).toBe(false);

    const resumed = createWorkflow(
      { send },
      { resumeState: collector.getState(), onEvent: collector.handleEvent },
    );
    expect(await execute(resumed, true)).toEqual({ ok: true, value: "sent:a@b" });
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe("with run()", () => {
  it("correlates skip events with run's events when ctx uses run's workflowId, onEvent and context", async () => {
    const events: Event[] = [];
    const onEvent = (e: Event) => void events.push(e);
    const context = { tenant: "acme" };
    const ctx = { workflowId: "run-42", onEvent, context };
    const result = await run(
      async (step) => {
        const paid = await step(() => charge(100), { key: "charge" });
        const email = await when(
          paid > 1_000,
          () => step(() => sendEmail("a@b"), { key: "receipt" }),
          { name: "receipt", key: "receipt", reason: "small order" },
          ctx,
        );
        return { paid, email };
      },
      { workflowId: "run-42", onEvent, context },
    );
    expect(result).toEqual({ ok: true, value: { paid: 100, email: undefined } });
    expect(new Set(events.map((e) => e.workflowId))).toEqual(new Set(["run-42"]));
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["step_start", "step_skipped"]),
    );
    const skipped = events.find((e) => e.type === "step_skipped");
    expect(skipped).toMatchObject({ stepKey: "receipt", reason: "small order", context });
    expect(events.filter((e) => e.type === "step_start")).toHaveLength(1);
  });

  it("runs the step and emits no skip event when the condition holds", async () => {
    const events: Event[] = [];
    const onEvent = (e: Event) => void events.push(e);
    const ctx = { workflowId: "run-43", onEvent };
    const result = await run(
      async (step) => when(true, () => step(() => sendEmail("a@b"), { key: "receipt" }), {}, ctx),
      { workflowId: "run-43", onEvent },
    );
    expect(result).toEqual({ ok: true, value: "sent:a@b" });
    expect(events.some((e) => e.type === "step_skipped")).toBe(false);
    expect(events.some((e) => e.type === "step_start")).toBe(true);
  });
});
