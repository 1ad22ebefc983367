import { describe, expectTypeOf, it } from "vitest";
import { createWorkflow, ok, run, type RunStep, type WorkflowEvent } from "@awaitly/core";

describe("step.invalidate types", () => {
  it("takes a key and resolves to void", () => {
    expectTypeOf<RunStep<"E">["invalidate"]>().toEqualTypeOf<(key: string) => Promise<void>>();
    void run(async (step) => {
      // @ts-expect-error the key is a string
      await step.invalidate(1);
    });
  });

  it("types onStepInvalidated with the workflow's context", () => {
    createWorkflow(
      { dep: async () => ok(1) },
      {
        createContext: () => ({ tenant: "t" }),
        onStepInvalidated: (stepKey, workflowId, context) => {
          expectTypeOf(stepKey).toEqualTypeOf<string>();
          expectTypeOf(workflowId).toEqualTypeOf<string>();
          expectTypeOf(context).toEqualTypeOf<{ tenant: string }>();
        },
      },
    );
  });

  it("adds step_invalidated to the events, with its key", () => {
    type Invalidated = Extract<WorkflowEvent<unknown>, { type: "step_invalidated" }>;
    expectTypeOf<Invalidated["stepKey"]>().toEqualTypeOf<string>();
  });
});
