import { describe, expect, it } from "vitest";
import { isApprovalRejected, isPendingApproval, pendingApproval } from "@awaitly/hitl";

describe("isPendingApproval", () => {
  it("accepts any object whose type is PENDING_APPROVAL", () => {
    expect(isPendingApproval({ type: "PENDING_APPROVAL", stepKey: "a" })).toBe(true);
    expect(isPendingApproval({ type: "PENDING_APPROVAL" })).toBe(true);
  });

  it("rejects primitives, null, functions and other types", () => {
    for (const value of [
      null,
      undefined,
      "PENDING_APPROVAL",
      1,
      () => {},
      { type: "APPROVAL_REJECTED" },
    ]) {
      expect(isPendingApproval(value)).toBe(false);
    }
  });
});

describe("isApprovalRejected", () => {
  it("accepts any object whose type is APPROVAL_REJECTED and nothing else", () => {
    expect(isApprovalRejected({ type: "APPROVAL_REJECTED", stepKey: "a", reason: "no" })).toBe(
      true,
    );
    expect(isApprovalRejected({ type: "PENDING_APPROVAL" })).toBe(false);
    expect(isApprovalRejected(null)).toBe(false);
  });
});

describe("pendingApproval", () => {
  it("builds an Err with all four error keys and no cause when called without options", () => {
    const result = pendingApproval("approve:1");
    expect(result).toStrictEqual({
      ok: false,
      error: {
        type: "PENDING_APPROVAL",
        stepKey: "approve:1",
        reason: undefined,
        metadata: undefined,
      },
    });
    expect(Object.keys(result.error)).toEqual(["type", "stepKey", "reason", "metadata"]);
    expect("cause" in result).toBe(false);
  });

  it("copies reason and metadata when given", () => {
    const metadata = { amount: 5 };
    const result = pendingApproval("k", { reason: "needs a manager", metadata });
    expect(result.error.reason).toBe("needs a manager");
    expect(result.error.metadata).toBe(metadata);
  });
});
