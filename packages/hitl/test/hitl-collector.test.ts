import { createWorkflow, ok, type Result, type WorkflowEvent } from "@awaitly/core";
import { describe, expect, it } from "vitest";
import { createApprovalStep, createHITLCollector, pendingApproval } from "@awaitly/hitl";

const complete = (stepKey: string, result: Result<unknown, unknown>): WorkflowEvent<unknown> => ({
  type: "step_complete",
  workflowId: "w",
  ts: 0,
  stepKey,
  durationMs: 1,
  result,
});

describe("createHITLCollector", () => {
  it("stores only step_complete events, last write wins, first insertion order kept", () => {
    const c = createHITLCollector();
    c.handleEvent({ type: "workflow_start", workflowId: "w", ts: 0 });
    c.handleEvent(complete("a", ok(1)));
    c.handleEvent(complete("b", ok(2)));
    c.handleEvent(complete("a", ok(3)));
    const s = c.getState();
    expect([...s.steps.keys()]).toEqual(["a", "b"]);
    expect(s.steps.get("a")?.result).toStrictEqual(ok(3));
    expect(c.getState().steps).not.toBe(s.steps);
  });

  it("lists pending approvals with the stored error object and ignores other failures", () => {
    const c = createHITLCollector();
    const pending = pendingApproval("gate");
    c.handleEvent(complete("x", { ok: false, error: "BOOM" }));
    c.handleEvent(complete("gate", pending));
    expect(c.hasPendingApprovals()).toBe(true);
    const list = c.getPendingApprovals();
    expect(list).toEqual([{ stepKey: "gate", error: pending.error }]);
    expect(list[0]!.error).toBe(pending.error);
  });

  it("injectApproval mutates the collector and returns the new state", () => {
    const c = createHITLCollector();
    c.handleEvent(complete("gate", pendingApproval("gate")));
    const s = c.injectApproval("gate", 42);
    expect(s.steps.get("gate")).toStrictEqual({ result: { ok: true, value: 42 } });
    expect(c.hasPendingApprovals()).toBe(false);
    expect(c.getState().steps.get("gate")).toStrictEqual({ result: { ok: true, value: 42 } });
  });

  it("clear forgets everything", () => {
    const c = createHITLCollector();
    c.handleEvent(complete("gate", pendingApproval("gate")));
    c.clear();
    expect(c.getState().steps.size).toBe(0);
    expect(c.hasPendingApprovals()).toBe(false);
  });

  it("records a keyed pending gate with result-origin meta from a real workflow, and misses unkeyed gates", async () => {
    const gate = createApprovalStep<number>({
      key: "g",
      checkApproval: async () => ({ status: "pending" }),
    });
    const c = createHITLCollector();
    const workflow = createWorkflow({ gate }, { onEvent: c.handleEvent });
    await workflow(async (step, { gate }) => step(gate, { key: "g" }));
    expect(c.getState().steps.get("g")?.meta).toEqual({ origin: "result", resultCause: undefined });

    const unkeyed = createHITLCollector();
    const result = await createWorkflow(
      { gate },
      { onEvent: unkeyed.handleEvent },
    )(async (step, { gate }) => step(gate));
    expect(result.ok).toBe(false);
    expect(unkeyed.hasPendingApprovals()).toBe(false);
  });
});
