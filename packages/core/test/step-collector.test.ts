import { describe, expect, it, vi } from "vitest";
import {
  createStepCollector,
  createWorkflow,
  err,
  isStepComplete,
  ok,
  run,
  type RunStep,
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
  it("collects successful keyed steps only and returns a fresh Map each time", async () => {
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
    expect([...state.steps.keys()]).toEqual(["one"]);
    expect(state.steps.get("one")).toEqual({ result: ok(1), meta: undefined });
    expect(state.steps.get("one")).toHaveProperty("meta");
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

describe("resume after a failure", () => {
  it("runs a keyed step again on resume whether it returned an err or threw", async () => {
    const collector = createStepCollector();
    let failing = true;
    const calls = { reserve: 0, charge: 0, ship: 0 };
    const reserve = async () => (calls.reserve++, ok("r1"));
    const charge = async () => {
      calls.charge++;
      return failing ? err("DECLINED" as const) : ok(10);
    };
    const ship = async () => {
      calls.ship++;
      if (failing) throw new Error("carrier down");
      return ok("s1");
    };
    const body = async (step: RunStep<"DECLINED">) => {
      await step(reserve, { key: "reserve" });
      const charged = await step.try(async () => step(charge, { key: "charge" }), {
        error: "DECLINED",
      });
      return { charged, shipped: await step(ship, { key: "ship" }) };
    };
    await createWorkflow({ charge }, { onEvent: collector.handleEvent })(body);
    expect([...collector.getState().steps.keys()]).toEqual(["reserve"]);

    // A throwing keyed step is not recorded either.
    const thrower = createStepCollector();
    await run(
      async (step) => {
        await step(reserve, { key: "reserve" });
        await step(ship, { key: "ship" });
      },
      { onEvent: thrower.handleEvent },
    );
    expect([...thrower.getState().steps.keys()]).toEqual(["reserve"]);

    failing = false;
    calls.reserve = 0;
    const resumed = createWorkflow({ charge }, { resumeState: collector.getState() });
    expect(await resumed(body)).toEqual({ ok: true, value: { charged: 10, shipped: "s1" } });
    expect(calls.reserve).toBe(0);
  });

  it("forgets a key that succeeded earlier in the run and then failed", async () => {
    const collector = createStepCollector();
    await run(
      async (step) => {
        await step(ok(1), { key: "k" });
        await step(err("NO"), { key: "k" });
      },
      { onEvent: collector.handleEvent, onError: () => {} },
    );
    expect(collector.getState().steps.has("k")).toBe(false);
  });

  it("still replays an err entry of hand-built resume state", async () => {
    const op = vi.fn(async () => ok(1));
    const workflow = createWorkflow(
      {},
      { resumeState: { steps: new Map([["k", { result: err("NO", { cause: "saved" }) }]]) } },
    );
    expect(await workflow(async (step) => step(op, { key: "k" }))).toEqual({
      ok: false,
      error: "NO",
      cause: "saved",
    });
    expect(op).not.toHaveBeenCalled();
  });
});
