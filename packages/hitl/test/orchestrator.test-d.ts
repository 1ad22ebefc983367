import { createWorkflow, ok, type AsyncResult, type Result, type RunStep } from "@awaitly/core";
import { describe, expectTypeOf, it } from "vitest";
import {
  createApprovalStep,
  createHITLOrchestrator,
  createMemoryApprovalStore,
  createMemoryWorkflowStateStore,
  type ApprovalRejected,
  type ApprovalStatus,
  type HITLExecutionResult,
  type PendingApproval,
} from "@awaitly/hitl";

const hitl = createHITLOrchestrator({
  approvalStore: createMemoryApprovalStore(),
  workflowStateStore: createMemoryWorkflowStateStore(),
});
const gate = createApprovalStep<{ by: string }>({
  key: "k",
  checkApproval: async () => ({ status: "pending" }),
});
const charge = async (cents: number): AsyncResult<string, "DECLINED"> => ok(`r${cents}`);
const deps = { gate, charge };

describe("HITLOrchestrator.execute", () => {
  it("types the body's step, deps and input from the factory and the input", () => {
    const result = hitl.execute(
      "orders",
      ({ resumeState, onEvent }) => createWorkflow(deps, { resumeState, onEvent }),
      async (step, d, input: { cents: number }) => {
        expectTypeOf(step).toEqualTypeOf<
          RunStep<"DECLINED" | PendingApproval | ApprovalRejected>
        >();
        expectTypeOf(d).toEqualTypeOf<typeof deps>();
        const approval = await step(d.gate, { key: "k" });
        expectTypeOf(approval).toEqualTypeOf<{ by: string }>();
        return step(() => d.charge(input.cents));
      },
      { cents: 100 },
    );
    expectTypeOf(result).resolves.toMatchTypeOf<HITLExecutionResult<string, unknown>>();
    type Completed = Extract<Awaited<typeof result>, { status: "completed" }>;
    expectTypeOf<Completed["result"]>().toEqualTypeOf<Result<string, unknown>>();
  });

  it("accepts 1.0.0-style bodies typed with unknown step and deps", () => {
    void hitl.execute(
      "legacy",
      ({ onEvent }) => createWorkflow(deps, { onEvent }),
      async (_step: unknown, _deps: unknown, input: number) => input * 2,
      21,
    );
  });

  it("accepts the 1.0.0 explicit type arguments <T, E, TInput>", () => {
    type E = "DECLINED" | PendingApproval | ApprovalRejected;
    const result = hitl.execute<number, E, number>(
      "legacy",
      ({ onEvent }) => createWorkflow(deps, { onEvent }),
      async (_step, _deps, input) => input,
      1,
    );
    expectTypeOf(result).resolves.toMatchTypeOf<HITLExecutionResult<number, E>>();
  });

  it("refuses an input that does not match the body", () => {
    void hitl.execute(
      "orders",
      ({ onEvent }) => createWorkflow(deps, { onEvent }),
      async (_step, _d, input: { cents: number }) => input.cents,
      // @ts-expect-error the body expects { cents: number }
      { amount: 1 },
    );
  });
});

describe("HITLOrchestrator decisions", () => {
  it("returns the decision outcome and typed poll results", () => {
    type Granted = Awaited<ReturnType<typeof hitl.grantApproval<number>>>;
    expectTypeOf<Granted["grantedAt"]>().toEqualTypeOf<number>();
    expectTypeOf<Granted["resumedWorkflows"]>().toEqualTypeOf<string[]>();
    expectTypeOf<Granted["waitingWorkflows"]>().toEqualTypeOf<string[]>();
    expectTypeOf<Granted["results"][number]>().toEqualTypeOf<
      HITLExecutionResult<unknown, unknown>
    >();
    expectTypeOf(hitl.pollApproval<number>("k")).resolves.toEqualTypeOf<ApprovalStatus<number>>();
    // @ts-expect-error a rejection needs a reason
    void hitl.rejectApproval("k");
  });
});
