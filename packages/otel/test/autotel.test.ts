import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkflow, err, ok, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import { createAutotelAdapter, createAutotelEventHandler, withAutotelTracing } from "@awaitly/otel";

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> =>
  id === "missing" ? err("NOT_FOUND") : ok({ id });

const base = { workflowId: "w", ts: 0 };
const stepStart = (stepId: string, extra: object = {}): WorkflowEvent<unknown> => ({
  type: "step_start",
  stepId,
  ...base,
  ...extra,
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createAutotelAdapter", () => {
  it("records step durations named service.name / service.step.key / service.step", async () => {
    const adapter = createAutotelAdapter({
      serviceName: "checkout",
      defaultAttributes: { env: "test" },
    });
    const workflow = createWorkflow({ fetchUser }, { onEvent: adapter.handleEvent });
    await workflow(async (step, deps) => {
      await step(() => deps.fetchUser("a"), "fetch-user");
      await step(() => deps.fetchUser("b"), { key: "user:b" });
      await step(() => deps.fetchUser("c"));
      await step(() => deps.fetchUser("missing"));
    });
    const metrics = adapter.getMetrics();
    expect(metrics.stepDurations.map((d) => [d.name, d.success])).toEqual([
      ["checkout.fetch-user", true],
      ["checkout.step.user:b", true],
      ["checkout.step", true],
      ["checkout.step", false],
    ]);
    expect(metrics.stepDurations[0]?.attributes).toEqual({ env: "test" });
    expect(metrics.errorCount).toBe(2); // the step and the workflow
    expect(adapter.getActiveSpansCount()).toEqual({ workflows: 0, steps: 0 });
  });

  it("counts retries, cache hits and misses, and resets", () => {
    const adapter = createAutotelAdapter();
    adapter.handleEvent({
      type: "step_retry",
      stepId: "s",
      attempt: 2,
      maxAttempts: 3,
      delayMs: 1,
      error: "E",
      ...base,
    });
    adapter.handleEvent({ type: "step_cache_hit", stepKey: "k", ...base });
    adapter.handleEvent({ type: "step_cache_miss", stepKey: "k", ...base });
    adapter.handleEvent({ type: "workflow_start", ...base });
    adapter.handleEvent(stepStart("s1"));
    expect(adapter.getMetrics()).toMatchObject({ retryCount: 1, cacheHits: 1, cacheMisses: 1 });
    expect(adapter.getActiveSpansCount()).toEqual({ workflows: 1, steps: 1 });
    const snapshot = adapter.getMetrics();
    adapter.reset();
    expect(adapter.getMetrics()).toMatchObject({
      retryCount: 0,
      cacheHits: 0,
      cacheMisses: 0,
      stepDurations: [],
    });
    expect(snapshot.retryCount).toBe(1);
    expect(adapter.getActiveSpansCount()).toEqual({ workflows: 0, steps: 0 });
  });

  it("still records step metrics with createStepSpans: false (no active step spans)", () => {
    const adapter = createAutotelAdapter({ createStepSpans: false });
    adapter.handleEvent(stepStart("s1", { name: "a" }));
    expect(adapter.getActiveSpansCount().steps).toBe(0);
    adapter.handleEvent({ type: "step_error", stepId: "s1", durationMs: 3, error: "E", ...base });
    expect(adapter.getMetrics()).toMatchObject({
      errorCount: 1,
      stepDurations: [{ name: "workflow.a", success: false }],
    });
  });

  it("counts errors whatever markErrorsOnSpan says", () => {
    const adapter = createAutotelAdapter({ markErrorsOnSpan: false });
    adapter.handleEvent({ type: "workflow_error", durationMs: 1, error: "E", ...base });
    expect(adapter.getMetrics().errorCount).toBe(1);
  });

  it("does not count cache hits or durations when recordMetrics is false", () => {
    const adapter = createAutotelAdapter({ recordMetrics: false });
    adapter.handleEvent({ type: "step_cache_hit", stepKey: "k", ...base });
    adapter.handleEvent(stepStart("s1"));
    adapter.handleEvent({ type: "step_success", stepId: "s1", durationMs: 1, ...base });
    expect(adapter.getMetrics()).toMatchObject({ cacheHits: 0, stepDurations: [] });
  });

  it("ignores step ends without a start", () => {
    const adapter = createAutotelAdapter();
    adapter.handleEvent({ type: "step_success", stepId: "nope", durationMs: 1, ...base });
    expect(adapter.getMetrics().stepDurations).toEqual([]);
  });
});

describe("createAutotelEventHandler", () => {
  it("prints only when AUTOTEL_DEBUG is exactly 'true'", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const handler = createAutotelEventHandler({ serviceName: "svc" });
    handler({ type: "workflow_start", ...base });
    expect(log).not.toHaveBeenCalled();
    vi.stubEnv("AUTOTEL_DEBUG", "true");
    handler({ type: "workflow_start", ...base });
    handler({
      type: "step_retry",
      stepId: "s",
      name: "pay",
      attempt: 2,
      maxAttempts: 3,
      delayMs: 1,
      error: "E",
      ...base,
    });
    handler({ type: "workflow_error", durationMs: 1, error: "E", ...base });
    expect(log.mock.calls).toEqual([
      ["[svc] Workflow started: w"],
      ["[svc] Step retry: pay (attempt 2/3)"],
      ["[svc] Workflow error: w", "E"],
    ]);
  });

  it("skips step details when includeStepDetails is false", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    vi.stubEnv("AUTOTEL_DEBUG", "true");
    createAutotelEventHandler({ includeStepDetails: false })(stepStart("s"));
    expect(log).not.toHaveBeenCalled();
  });
});

describe("withAutotelTracing", () => {
  it("runs fn in the named span with the attributes set first", async () => {
    const calls: string[] = [];
    const traceFn = async <T>(
      name: string,
      fn: (ctx: { setAttribute: (k: string, v: unknown) => void }) => T | Promise<T>,
    ) => {
      calls.push(`span:${name}`);
      return fn({ setAttribute: (k, v) => calls.push(`attr:${k}=${String(v)}`) });
    };
    const traced = withAutotelTracing(traceFn, { serviceName: "svc" });
    expect(
      await traced(
        "charge",
        () => {
          calls.push("fn");
          return 42;
        },
        { amount: 5 },
      ),
    ).toBe(42);
    expect(calls).toEqual(["span:svc.charge", "attr:amount=5", "fn"]);
    await expect(traced("x", () => Promise.reject(new Error("no")))).rejects.toThrow("no");
  });
});
