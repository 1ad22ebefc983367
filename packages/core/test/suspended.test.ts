import { SUSPENDED_TYPE, isSuspended } from "@awaitly/core";
import { describe, expect, it } from "vitest";

describe("isSuspended", () => {
  it("is true for an object whose type is SUSPENDED_TYPE and false otherwise", () => {
    expect(SUSPENDED_TYPE).toBe("PENDING_APPROVAL");
    expect(isSuspended({ type: SUSPENDED_TYPE, stepKey: "approve" })).toBe(true);
    expect(isSuspended({ type: "REJECTED" })).toBe(false);
    expect(isSuspended("PENDING_APPROVAL")).toBe(false);
    expect(isSuspended(null)).toBe(false);
  });
});
