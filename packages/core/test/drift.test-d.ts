import { describe, expectTypeOf, it } from "vitest";
import {
  checkDrift,
  createWorkflow,
  isWorkflowDriftError,
  ok,
  type AsyncResult,
  type DriftReport,
  type DriftVerdict,
  type ResumeStateEntry,
  type RunStep,
  type WorkflowDriftError,
} from "@awaitly/core";

const charge = async (key: string): AsyncResult<string, "DECLINED"> => ok(key);

describe("drift types", () => {
  it("step.patched resolves to a boolean and takes a string id", () => {
    const workflow = createWorkflow({ charge });
    void workflow(async (step) => {
      expectTypeOf(step.patched("x")).toEqualTypeOf<Promise<boolean>>();
      // @ts-expect-error a patch id is a string
      void step.patched(1);
    });
  });

  it("narrows an unknown cause to WorkflowDriftError", () => {
    const cause: unknown = undefined;
    if (isWorkflowDriftError(cause)) {
      expectTypeOf(cause).toEqualTypeOf<WorkflowDriftError>();
      expectTypeOf(cause.type).toEqualTypeOf<"WORKFLOW_DRIFT">();
      expectTypeOf(cause.index).toEqualTypeOf<number>();
      expectTypeOf(cause.recorded).toEqualTypeOf<string>();
      expectTypeOf(cause.requested).toEqualTypeOf<string | undefined>();
      expectTypeOf(cause.runId).toEqualTypeOf<string | undefined>();
    }
  });

  it("an entry's order is an optional number", () => {
    expectTypeOf<ResumeStateEntry["order"]>().toEqualTypeOf<number | undefined>();
  });

  it("checkDrift takes the body as the workflow calls it and returns verdicts by status", async () => {
    const body = async (
      step: RunStep<"DECLINED">,
      deps: { charge: typeof charge },
      input: { cents: number },
    ) => step(() => deps.charge(String(input.cents)), { key: "charge" });
    const report = await checkDrift({
      body,
      runs: [{ runId: "r1", state: { steps: new Map() }, input: { cents: 1 } }],
    });
    expectTypeOf(report).toEqualTypeOf<DriftReport>();
    const verdict = report.runs[0] as DriftVerdict;
    if (verdict.status === "diverges") expectTypeOf(verdict.index).toEqualTypeOf<number>();
    if (verdict.status === "needs-patch") {
      expectTypeOf(verdict.patches).toEqualTypeOf<readonly string[]>();
    }
    void checkDrift({
      body,
      // @ts-expect-error a run's input must be what the body takes
      runs: [{ runId: "r1", state: { steps: new Map() }, input: "nope" }],
    });
  });
});
