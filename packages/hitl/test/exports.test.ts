import { describe, expect, it } from "vitest";
import * as hitl from "@awaitly/hitl";

// Every value the awaitly 1.0.0 specs name (hitl-core.md, hitl-orchestrator.md) plus this package's additions.
const specValues = [
  "isPendingApproval",
  "isApprovalRejected",
  "pendingApproval",
  "createApprovalStep",
  "injectApproval",
  "clearStep",
  "hasPendingApproval",
  "getPendingApprovals",
  "createHITLCollector",
  "createMemoryApprovalStore",
  "createMemoryWorkflowStateStore",
  "createHITLOrchestrator",
  "createApprovalWebhookHandler",
  "createApprovalChecker",
];
const additions = [
  "createKVApprovalStore",
  "createKVWorkflowStateStore",
  "ApprovalStateError",
  "isApprovalStateError",
  "ApprovalValueError",
  "isApprovalValueError",
  "DEFAULT_MAX_APPROVAL_VALUE_BYTES",
  "WorkflowStateSerializeError",
  "isWorkflowStateSerializeError",
  "APPROVAL_EXPIRED_REASON",
  "APPROVAL_NOT_FOUND_REASON",
  "DEFAULT_HITL_ORCHESTRATOR_OPTIONS",
  "DEFAULT_POLLER_OPTIONS",
  "DEFAULT_APPROVAL_WEBHOOK_OPTIONS",
  "DEFAULT_KV_APPROVAL_STORE_OPTIONS",
  "DEFAULT_KV_WORKFLOW_STATE_STORE_OPTIONS",
];

describe("@awaitly/hitl", () => {
  it.each([...specValues, ...additions])("exports %s", (name) => {
    expect(hitl).toHaveProperty(name);
    expect((hitl as Record<string, unknown>)[name]).toBeDefined();
  });

  it("exports nothing else at runtime", () => {
    expect(Object.keys(hitl).sort()).toEqual([...specValues, ...additions].sort());
  });

  it("uses a 7-day default expiry and 1000 ms default poll interval", () => {
    expect(hitl.DEFAULT_HITL_ORCHESTRATOR_OPTIONS.defaultExpirationMs).toBe(604_800_000);
    expect(hitl.DEFAULT_POLLER_OPTIONS.intervalMs).toBe(1000);
    expect(hitl.DEFAULT_APPROVAL_WEBHOOK_OPTIONS).toEqual({
      maxKeyLength: 256,
      maxReasonLength: 2000,
      maxValueBytes: 65_536,
    });
    expect(hitl.DEFAULT_MAX_APPROVAL_VALUE_BYTES).toBe(65_536);
  });
});
