import { describe, expect, it } from "vitest";
import {
  createStepCollector,
  createWorkflow,
  ok,
  run,
  type AsyncResult,
  type RunStep,
  type StepCache,
  type WorkflowEvent,
} from "@awaitly/core";

/** Two counted dependencies: `reserve` is invalidated by the tests, `lookup` is the control. */
function counted() {
  const calls = { reserve: 0, lookup: 0 };
  return {
    calls,
    deps: {
      reserve: async (): AsyncResult<string, "OUT_OF_STOCK"> => ok(`r${++calls.reserve}`),
      lookup: async (): AsyncResult<string, "NOT_FOUND"> => ok(`l${++calls.lookup}`),
    },
  };
}

describe("step.invalidate", () => {
  it("drops the step from a collector's state, so the resumed run runs it again", async () => {
    const { calls, deps } = counted();
    const collector = createStepCollector();
    const first = createWorkflow(deps, { onEvent: collector.handleEvent });
    await first(async (step, d) => {
      await step(() => d.reserve(), { key: "reserve" });
      await step(() => d.lookup(), { key: "lookup" });
      await step.invalidate("reserve");
    });
    const state = collector.getState();
    expect([...state.steps.keys()]).toEqual(["lookup"]);

    const resumed = createWorkflow(deps, { resumeState: state });
    const result = await resumed(async (step, d) => [
      await step(() => d.reserve(), { key: "reserve" }),
      await step(() => d.lookup(), { key: "lookup" }),
    ]);
    expect(result).toEqual({ ok: true, value: ["r2", "l1"] });
    expect(calls).toEqual({ reserve: 2, lookup: 1 });
  });

  it("deletes the step from the workflow's cache, so the next call runs it again", async () => {
    const { calls, deps } = counted();
    const cache = new Map() as StepCache & Map<string, unknown>;
    const workflow = createWorkflow(deps, { cache });
    const body = async (
      step: RunStep<"OUT_OF_STOCK" | "NOT_FOUND">,
      d: typeof deps,
      forget: boolean,
    ) => {
      await step(() => d.reserve(), { key: "reserve" });
      await step(() => d.lookup(), { key: "lookup" });
      if (forget) await step.invalidate("reserve");
    };
    await workflow((step, d) => body(step, d, true));
    expect([...cache.keys()]).toEqual(["lookup"]);
    await workflow((step, d) => body(step, d, false));
    expect(calls).toEqual({ reserve: 2, lookup: 1 });
  });

  it("forgets a step that was replayed from resume state", async () => {
    const { calls, deps } = counted();
    const collector = createStepCollector();
    const workflow = createWorkflow(deps, {
      onEvent: collector.handleEvent,
      resumeState: { steps: new Map([["reserve", { result: ok("saved") }]]) },
    });
    const result = await workflow(async (step, d) => {
      const value = await step(() => d.reserve(), { key: "reserve" });
      await step.invalidate("reserve");
      return value;
    });
    expect(result).toEqual({ ok: true, value: "saved" });
    expect(calls.reserve).toBe(0);
    expect(collector.getState().steps.has("reserve")).toBe(false);
  });

  it("emits step_invalidated, then deletes from the cache, then awaits onStepInvalidated", async () => {
    const order: string[] = [];
    const cache: StepCache = Object.assign(new Map(), {
      delete: (key: string) => (order.push(`cache.delete ${key}`), true),
    });
    const seen: unknown[] = [];
    const workflow = createWorkflow(counted().deps, {
      cache,
      createContext: () => "ctx",
      onEvent: (event: WorkflowEvent<unknown, string>) => {
        if (event.type === "step_invalidated") {
          order.push(`event ${event.stepKey}`);
          seen.push(event);
        }
      },
      onStepInvalidated: async (stepKey, workflowId, context) => {
        await Promise.resolve();
        order.push(`hook ${stepKey} ${typeof workflowId} ${context}`);
      },
    });
    const result = await workflow(async (step) => {
      await step.invalidate("k");
      order.push("resolved");
    });
    expect(result.ok).toBe(true);
    expect(order).toEqual(["event k", "cache.delete k", "hook k string ctx", "resolved"]);
    expect(seen).toEqual([
      {
        type: "step_invalidated",
        workflowId: expect.any(String),
        stepKey: "k",
        ts: expect.any(Number),
        context: "ctx",
      },
    ]);
  });

  it("rejects with the hook's error, which fails the run when the body does not catch it", async () => {
    const lost = new Error("lock lost");
    const workflow = createWorkflow(counted().deps, {
      onStepInvalidated: () => {
        throw lost;
      },
    });
    let caught: unknown;
    await workflow(async (step) => {
      caught = await step.invalidate("k").catch((error: unknown) => error);
    });
    expect(caught).toBe(lost);
    const failed = await workflow(async (step) => step.invalidate("k"));
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toMatchObject({ type: "UNEXPECTED_ERROR" });
  });

  it("is installed by onStepInvalidated alone", async () => {
    const keys: string[] = [];
    const workflow = createWorkflow(counted().deps, {
      onStepInvalidated: (stepKey) => void keys.push(stepKey),
    });
    await workflow((step) => step.invalidate("alone"));
    expect(keys).toEqual(["alone"]);
  });

  it("emits step_invalidated in run() as well", async () => {
    const events: string[] = [];
    const collector = createStepCollector();
    await run(
      async (step) => {
        await step(ok(1), { key: "one" });
        await step.invalidate("one");
      },
      {
        onEvent: (event) => {
          events.push(event.type);
          collector.handleEvent(event);
        },
      },
    );
    expect(events).toContain("step_invalidated");
    expect(collector.getState().steps.size).toBe(0);
  });

  it("rejects a key that is not a non-empty string, naming it", async () => {
    let caught: unknown;
    await run(async (step) => {
      caught = await step.invalidate("").catch((error: unknown) => error);
    });
    expect(caught).toBeInstanceOf(TypeError);
    expect(String(caught)).toContain('step.invalidate: key must be a non-empty string, got ""');
  });

  it("rejects when the workflow's cache has no delete, instead of silently keeping the step", async () => {
    const map = new Map();
    const cache = { get: map.get.bind(map), set: map.set.bind(map), has: map.has.bind(map) };
    const workflow = createWorkflow(counted().deps, { cache: cache as unknown as StepCache });
    let caught: unknown;
    await workflow(async (step) => {
      caught = await step.invalidate("k").catch((error: unknown) => error);
    });
    expect(String(caught)).toContain(
      "step.invalidate: cache.delete must be a function, got undefined",
    );
  });

  it("rejects a non-function onStepInvalidated when the workflow is created", () => {
    expect(() =>
      createWorkflow(counted().deps, { onStepInvalidated: "no" as unknown as () => void }),
    ).toThrow(/onStepInvalidated/);
  });
});
