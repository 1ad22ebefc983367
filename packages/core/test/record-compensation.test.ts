import { createWorkflow, ok, run, type AsyncResult, type StepCompensation } from "@awaitly/core";
import { describe, expect, it } from "vitest";

const one = async (): AsyncResult<number, never> => ok(1);

const undo: StepCompensation = {
  name: "reserve",
  stepKeys: ["reserve"],
  startedAt: 1_000,
  durationMs: 5,
  ok: false,
  error: new Error("still reserved"),
};

describe("step.recordCompensation", () => {
  it("hands the compensation to the workflow's hook, then the call's, with the call's context", async () => {
    const seen: string[] = [];
    const workflow = createWorkflow<{ one: typeof one }, string>(
      { one },
      {
        onStepCompensation: (compensation, _workflowId, context) =>
          void seen.push(`workflow ${compensation.name ?? ""} ${context}`),
      },
    );
    const result = await workflow(
      async (step) => {
        await step.recordCompensation(undo);
        return "done";
      },
      {
        context: "run-7",
        onStepCompensation: async (compensation) => {
          await Promise.resolve();
          seen.push(`call ${String(compensation.ok)} ${String(compensation.stepKeys)}`);
        },
      },
    );
    expect(result).toStrictEqual(ok("done"));
    expect(seen).toEqual(["workflow reserve run-7", "call false reserve"]);
  });

  it("is installed by onStepCompensation alone, and rejects when the hook fails", async () => {
    const hookError = new Error("store away");
    const workflow = createWorkflow(
      { one },
      {
        onStepCompensation: () => Promise.reject(hookError),
      },
    );
    let caught: unknown;
    await workflow(async (step) => {
      await step.recordCompensation(undo).catch((error: unknown) => (caught = error));
    });
    expect(caught).toBe(hookError);
  });

  it("resolves with nothing to do where no hook is given (run, a workflow without one)", async () => {
    expect(await run(async (step) => step.recordCompensation(undo))).toStrictEqual(ok(undefined));
    const workflow = createWorkflow({ one });
    expect(await workflow(async (step) => step.recordCompensation(undo))).toStrictEqual(
      ok(undefined),
    );
  });

  it("refuses a compensation that is not an object, and a hook that is not a function", async () => {
    const workflow = createWorkflow({ one }, { onStepCompensation: () => {} });
    let caught: unknown;
    await workflow(async (step) => {
      await step
        .recordCompensation(null as unknown as StepCompensation)
        .catch((error: unknown) => (caught = error));
    });
    expect(caught).toBeInstanceOf(TypeError);
    expect(String(caught)).toMatch(/step\.recordCompensation/);
    expect(() =>
      createWorkflow({ one }, { onStepCompensation: "no" as unknown as () => void }),
    ).toThrow(/onStepCompensation/);
  });
});
