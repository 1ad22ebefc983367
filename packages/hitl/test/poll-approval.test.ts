import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createHITLOrchestrator,
  createMemoryApprovalStore,
  createMemoryWorkflowStateStore,
  type ApprovalStore,
  type HITLOrchestrator,
} from "@awaitly/hitl";

let approvalStore: ApprovalStore;
let hitl: HITLOrchestrator;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  approvalStore = createMemoryApprovalStore();
  hitl = createHITLOrchestrator({
    approvalStore,
    workflowStateStore: createMemoryWorkflowStateStore(),
  });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("pollApproval", () => {
  it("polls every intervalMs until the approval is decided", async () => {
    await approvalStore.createApproval("k");
    let polls = 0;
    const polling = hitl.pollApproval<string>("k", { intervalMs: 100, onPollStart: () => polls++ });
    await vi.advanceTimersByTimeAsync(250);
    expect(polls).toBe(3);
    await approvalStore.grantApproval("k", "yes");
    await vi.advanceTimersByTimeAsync(100);
    expect(await polling).toMatchObject({ status: "approved", value: "yes" });
    expect(polls).toBe(4);
  });

  it("stops after maxPolls with a fresh pending status (maxPolls 0 still polls once)", async () => {
    await approvalStore.createApproval("k");
    const seen: string[] = [];
    const polling = hitl.pollApproval("k", {
      intervalMs: 50,
      maxPolls: 3,
      onPollComplete: (s) => seen.push(s.status),
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(await polling).toEqual({ status: "pending" });
    expect(seen).toEqual(["pending", "pending", "pending"]);
    let once = 0;
    await hitl.pollApproval("k", { intervalMs: 50, maxPolls: 0, onPollStart: () => once++ });
    expect(once).toBe(1);
  });

  it("stops once timeoutMs has passed, checked between polls", async () => {
    await approvalStore.createApproval("k");
    let polls = 0;
    const polling = hitl.pollApproval("k", {
      intervalMs: 1000,
      timeoutMs: 2500,
      onPollStart: () => polls++,
    });
    await vi.advanceTimersByTimeAsync(3000);
    expect(await polling).toEqual({ status: "pending" });
    expect(polls).toBe(4);
  });

  it("uses a 1000 ms interval when no options are given", async () => {
    await approvalStore.createApproval("k");
    const polling = hitl.pollApproval("k");
    await vi.advanceTimersByTimeAsync(999);
    await approvalStore.rejectApproval("k", "no");
    await vi.advanceTimersByTimeAsync(1);
    expect(await polling).toMatchObject({ status: "rejected", reason: "no" });
  });

  it("returns expired and not_found statuses as they are", async () => {
    await approvalStore.createApproval("k", { expiresAt: 1_000_010 });
    await vi.advanceTimersByTimeAsync(11);
    expect(await hitl.pollApproval("k", { intervalMs: 10 })).toEqual({
      status: "expired",
      expiredAt: 1_000_010,
    });
    expect(await hitl.pollApproval("ghost", { intervalMs: 10 })).toEqual({ status: "not_found" });
  });

  it("throws a RangeError naming the option for a bad interval", async () => {
    await expect(hitl.pollApproval("k", { intervalMs: -5 })).rejects.toThrow(/intervalMs.*-5/);
    await expect(hitl.pollApproval("k", { intervalMs: 5, maxPolls: Number.NaN })).rejects.toThrow(
      RangeError,
    );
  });
});
