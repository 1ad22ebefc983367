import { createWorkflow, type AsyncResult, type Err, type UnexpectedError } from "@awaitly/core";
import { describe, expectTypeOf, it } from "vitest";
import {
  createApprovalStep,
  createHITLCollector,
  injectApproval,
  pendingApproval,
  type ApprovalRejected,
  type PendingApproval,
} from "@awaitly/hitl";

describe("createApprovalStep", () => {
  it("is a zero-argument dependency whose errors are PendingApproval | ApprovalRejected", () => {
    const gate = createApprovalStep<{ by: string }>({
      key: "k",
      checkApproval: async () => ({ status: "pending" }),
    });
    expectTypeOf(gate).toEqualTypeOf<
      () => AsyncResult<{ by: string }, PendingApproval | ApprovalRejected>
    >();
  });

  it("widens a workflow's error union with the approval errors", () => {
    const gate = createApprovalStep<number>({
      key: "k",
      checkApproval: async () => ({ status: "pending" }),
    });
    const loadUser = async (): AsyncResult<string, "NOT_FOUND"> => ({ ok: true, value: "u" });
    const workflow = createWorkflow({ gate, loadUser });
    const result = workflow(async (step, deps) => {
      const amount = await step(deps.gate, { key: "k" });
      expectTypeOf(amount).toEqualTypeOf<number>();
      return step(deps.loadUser);
    });
    type E = Extract<Awaited<typeof result>, { ok: false }>["error"];
    expectTypeOf<E>().toEqualTypeOf<
      "NOT_FOUND" | PendingApproval | ApprovalRejected | UnexpectedError
    >();
  });

  it("refuses approved answers of the wrong value type", () => {
    createApprovalStep<number>({
      key: "k",
      // @ts-expect-error the approved value must be a number
      checkApproval: async () => ({ status: "approved" as const, value: "yes" }),
    });
  });

  it("requires a reason on rejected answers", () => {
    createApprovalStep<number>({
      key: "k",
      // @ts-expect-error a rejection needs a reason
      checkApproval: async () => ({ status: "rejected" as const }),
    });
  });
});

describe("pendingApproval / injectApproval / collector", () => {
  it("builds Err<PendingApproval> and accepts any value to inject", () => {
    expectTypeOf(pendingApproval("k")).toEqualTypeOf<Err<PendingApproval>>();
    const c = createHITLCollector();
    expectTypeOf(c.getPendingApprovals()).toEqualTypeOf<
      Array<{ stepKey: string; error: PendingApproval }>
    >();
    // @ts-expect-error the standalone form takes an options object, not positional arguments
    injectApproval(c.getState(), "k", 1);
  });
});
