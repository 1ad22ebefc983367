import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createApprovalChecker,
  createMemoryApprovalStore,
  type ApprovalStore,
} from "@awaitly/hitl";

describe("createApprovalChecker", () => {
  let store: ApprovalStore;
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    store = createMemoryApprovalStore();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is curried and reads the store on every call", async () => {
    const check = createApprovalChecker<number>(store)("k");
    await store.createApproval("k");
    expect(await check()).toEqual({ status: "pending" });
    await store.grantApproval("k", 7, { approvedBy: "ada" });
    expect(await check()).toEqual({ status: "approved", value: 7 });
  });

  it("maps not-yet-created requests to pending, so a first run pauses", async () => {
    expect(await createApprovalChecker(store)("new")()).toEqual({ status: "pending" });
  });

  it("maps rejected to rejected with the reason, dropping other fields", async () => {
    await store.createApproval("k");
    await store.rejectApproval("k", "no", { rejectedBy: "bob" });
    expect(await createApprovalChecker(store)("k")()).toEqual({ status: "rejected", reason: "no" });
  });

  it("maps expired to rejected with 'Approval request expired'", async () => {
    await store.createApproval("k", { expiresAt: 10 });
    await vi.advanceTimersByTimeAsync(11);
    expect(await createApprovalChecker(store)("k")()).toEqual({
      status: "rejected",
      reason: "Approval request expired",
    });
  });

  it("lets store errors propagate", async () => {
    const broken: ApprovalStore = {
      ...store,
      getApproval: async () => {
        throw new Error("connection lost");
      },
    };
    await expect(createApprovalChecker(broken)("k")()).rejects.toThrow("connection lost");
  });
});
