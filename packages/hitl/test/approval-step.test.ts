import { createWorkflow, isUnexpectedError } from "@awaitly/core";
import { describe, expect, it } from "vitest";
import { createApprovalStep, type ApprovalCheck } from "@awaitly/hitl";

const source = <T>(...answers: Array<ApprovalCheck<T>>) => {
  let calls = 0;
  const checkApproval = async () => {
    const answer = answers[Math.min(calls, answers.length - 1)]!;
    calls++;
    return answer;
  };
  return { checkApproval, calls: () => calls };
};

describe("createApprovalStep", () => {
  it("calls nothing until the gate is invoked, then asks once per call", async () => {
    const s = source<number>({ status: "pending" });
    const gate = createApprovalStep({ key: "k", checkApproval: s.checkApproval });
    expect(s.calls()).toBe(0);
    await gate();
    await gate();
    expect(s.calls()).toBe(2);
  });

  it("returns PendingApproval with reason and metadata when the source is pending", async () => {
    const metadata = { orderId: "o1" };
    const gate = createApprovalStep<number>({
      key: "approve:o1",
      checkApproval: async () => ({ status: "pending" }),
      pendingReason: "waiting for finance",
      metadata,
    });
    expect(await gate()).toStrictEqual({
      ok: false,
      error: {
        type: "PENDING_APPROVAL",
        stepKey: "approve:o1",
        reason: "waiting for finance",
        metadata,
      },
    });
  });

  it("returns ApprovalRejected with exactly three keys when the source rejected", async () => {
    const gate = createApprovalStep<number>({
      key: "k",
      checkApproval: async () => ({ status: "rejected", reason: "too expensive" }),
      metadata: { ignored: true },
    });
    const result = await gate();
    expect(result).toStrictEqual({
      ok: false,
      error: { type: "APPROVAL_REJECTED", stepKey: "k", reason: "too expensive" },
    });
  });

  it("returns the approved value when the source approved", async () => {
    const gate = createApprovalStep({
      key: "k",
      checkApproval: async () => ({ status: "approved", value: { by: "ada" } }) as const,
    });
    expect(await gate()).toStrictEqual({ ok: true, value: { by: "ada" } });
  });

  it("rejects with the source's error when checkApproval throws", async () => {
    const boom = new Error("source down");
    const gate = createApprovalStep({
      key: "k",
      checkApproval: async (): Promise<ApprovalCheck<number>> => {
        throw boom;
      },
    });
    await expect(gate()).rejects.toBe(boom);
  });

  it("rejects with a TypeError naming the key when the source answers an unknown status", async () => {
    const gate = createApprovalStep({
      key: "approve:x",
      checkApproval: async () => ({ status: "maybe" }) as unknown as ApprovalCheck<number>,
    });
    await expect(gate()).rejects.toThrow(/approve:x.*"maybe"/);
  });

  it("ends a workflow with PendingApproval (no cause) when used as a keyed step", async () => {
    const gate = createApprovalStep<number>({
      key: "approve:1",
      checkApproval: async () => ({ status: "pending" }),
    });
    const workflow = createWorkflow({ gate });
    const result = await workflow(async (step, { gate }) => {
      const n = await step(gate, { key: "approve:1" });
      return n + 1;
    });
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty("cause");
    if (!result.ok)
      expect(result.error).toMatchObject({ type: "PENDING_APPROVAL", stepKey: "approve:1" });
  });

  it("surfaces an unknown status as an UnexpectedError inside a workflow", async () => {
    const gate = createApprovalStep({
      key: "k",
      checkApproval: async () => ({ status: "maybe" }) as unknown as ApprovalCheck<number>,
    });
    const result = await createWorkflow({ gate })(async (step, { gate }) =>
      step(gate, { key: "k" }),
    );
    expect(!result.ok && isUnexpectedError(result.error)).toBe(true);
  });
});
