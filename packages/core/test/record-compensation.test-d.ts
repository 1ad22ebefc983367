import { describe, expectTypeOf, it } from "vitest";
import { createWorkflow, ok, run, type RunStep, type StepCompensation } from "@awaitly/core";

describe("step.recordCompensation types", () => {
  it("takes a StepCompensation and resolves to void", () => {
    expectTypeOf<RunStep<"E">["recordCompensation"]>().toEqualTypeOf<
      (compensation: StepCompensation) => Promise<void>
    >();
    void run(async (step) => {
      // @ts-expect-error a compensation names its step keys, timing and outcome
      await step.recordCompensation({ name: "reserve" });
    });
  });

  it("types onStepCompensation with the workflow's context", () => {
    createWorkflow(
      { dep: async () => ok(1) },
      {
        createContext: () => ({ tenant: "t" }),
        onStepCompensation: (compensation, workflowId, context) => {
          expectTypeOf(compensation).toEqualTypeOf<StepCompensation>();
          expectTypeOf(compensation.stepKeys).toEqualTypeOf<readonly string[]>();
          expectTypeOf(workflowId).toEqualTypeOf<string>();
          expectTypeOf(context).toEqualTypeOf<{ tenant: string }>();
        },
      },
    );
  });
});
