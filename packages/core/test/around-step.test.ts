import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok, run, type AroundStep, type WorkflowEvent } from "@awaitly/core";

// A stand-in for a tracer's context: what the step's own code sees as "current" while it starts.
let current: string | undefined;

function recorder() {
  const starts = new Map<string, string>();
  const calls: string[] = [];
  const onEvent = (event: WorkflowEvent<unknown, unknown>) => {
    if (event.type === "step_start") starts.set(event.stepId, event.name ?? event.stepId);
  };
  const aroundStep: AroundStep = (step, operation) => {
    calls.push(step.stepId);
    const outer = current;
    current = starts.get(step.stepId) ?? "?";
    try {
      return operation();
    } finally {
      current = outer;
    }
  };
  return { onEvent, aroundStep, calls };
}

describe("aroundStep", () => {
  it("runs a workflow step's operation inside it, after the step's start event", async () => {
    const r = recorder();
    const wf = createWorkflow({}, { onEvent: r.onEvent, aroundStep: r.aroundStep });
    const result = await wf(async (step) => {
      const a = await step(() => ok(current), { name: "fetch", key: "a" });
      const b = await step(() => ok(current), { name: "save" });
      return [a, b, current];
    });
    expect(result).toEqual(ok(["fetch", "save", undefined]));
    expect(r.calls).toHaveLength(2);
  });

  it("wraps each attempt of a retried, timed or mapped step", async () => {
    const r = recorder();
    let attempts = 0;
    const seen: (string | undefined)[] = [];
    const result = await run(
      async (step) => {
        const flaky = await step(
          () => {
            attempts++;
            seen.push(current);
            return attempts < 3 ? err("FLAKY" as const) : ok(attempts);
          },
          { name: "flaky", retry: { attempts: 3 }, timeout: { ms: 1000 } },
        );
        const tried = await step.try(() => current, { name: "io", error: "IO" as const });
        return [flaky, tried];
      },
      { onEvent: r.onEvent, aroundStep: r.aroundStep },
    );
    expect(result).toEqual(ok([3, "io"]));
    expect(seen).toEqual(["flaky", "flaky", "flaky"]);
    expect(r.calls).toHaveLength(4);
  });

  it("is refused when it is not a function, naming the option", async () => {
    expect(() => createWorkflow({}, { aroundStep: 1 as never })).toThrow(/aroundStep/);
    await expect(run(async () => 1, { aroundStep: "x" as never })).rejects.toThrow(/aroundStep/);
  });
});
