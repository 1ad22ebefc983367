import { describe, expect, it } from "vitest";
import {
  createStepCollector,
  createWorkflow,
  err,
  isStepComplete,
  ok,
  run,
  type WorkflowEvent,
} from "@awaitly/core";

describe("isStepComplete", () => {
  it("is true only for step_complete events", () => {
    const complete: WorkflowEvent<unknown> = {
      type: "step_complete",
      workflowId: "w",
      stepKey: "k",
      ts: 0,
      durationMs: 0,
      result: ok(1),
    };
    expect(isStepComplete(complete)).toBe(true);
    expect(isStepComplete({ type: "workflow_start", workflowId: "w", ts: 0 })).toBe(false);
  });
});

describe("createStepCollector", () => {
  it("collects keyed steps only, with their meta, and returns a fresh Map each time", async () => {
    const collector = createStepCollector();
    await run(
      async (step) => {
        await step(ok(1), { key: "one" });
        await step(ok(2));
        await step(err("NO", { cause: "why" }), { key: "two" });
      },
      { onEvent: collector.handleEvent, onError: () => {} },
    );
    const state = collector.getState();
    expect([...state.steps.keys()]).toEqual(["one", "two"]);
    expect(state.steps.get("one")).toEqual({ result: ok(1), meta: undefined });
    expect(state.steps.get("one")).toHaveProperty("meta");
    expect(state.steps.get("two")).toEqual({
      result: err("NO", { cause: "why" }),
      meta: { origin: "result", resultCause: "why" },
    });
    expect(collector.getState().steps).not.toBe(state.steps);
    collector.clear();
    expect(collector.getState().steps.size).toBe(0);
  });

  it("keeps the first insertion position when a key completes again", async () => {
    const collector = createStepCollector();
    const workflow = createWorkflow({}, { onEvent: collector.handleEvent });
    await workflow(async (step) => {
      await step(ok("a1"), { key: "a" });
      await step(ok("b"), { key: "b" });
      await step(ok("a2"), { key: "a" });
    });
    const steps = collector.getState().steps;
    expect([...steps.keys()]).toEqual(["a", "b"]);
    expect(steps.get("a")?.result).toEqual(ok("a2"));
  });
});
