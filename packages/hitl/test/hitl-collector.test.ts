import { createWorkflow, ok, type Result, type RunStep, type WorkflowEvent } from "@awaitly/core";
import { describe, expect, it } from "vitest";
import {
  createApprovalStep,
  createHITLCollector,
  pendingApproval,
  type ApprovalRejected,
  type PendingApproval,
} from "@awaitly/hitl";

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

  it("leaves failed steps out (they run again on resume) but keeps pending approvals", () => {
    const c = createHITLCollector();
    c.handleEvent(complete("charge", ok(1)));
    c.handleEvent(complete("charge", { ok: false, error: "DECLINED" }));
    c.handleEvent(complete("lookup", { ok: false, error: "TIMEOUT" }));
    c.handleEvent(complete("gate", pendingApproval("gate")));
    c.handleEvent(complete("rejected", { ok: false, error: { type: "APPROVAL_REJECTED" } }));
    expect([...c.getState().steps.keys()]).toEqual(["gate"]);
    c.handleEvent(complete("gate", ok("approved")));
    expect(c.getState().steps.get("gate")?.result).toStrictEqual(ok("approved"));
    expect(c.hasPendingApprovals()).toBe(false);
  });

  it("forgets a step invalidated by the run (done or pending), so a resume runs it again", async () => {
    const c = createHITLCollector();
    let reserves = 0;
    const workflow = createWorkflow(
      { reserve: async () => ok(`r${++reserves}`) },
      { onEvent: c.handleEvent },
    );
    await workflow(async (step, deps) => {
      await step(() => deps.reserve(), { key: "reserve" });
      await step(() => deps.reserve(), { key: "kept" });
      await step.invalidate("reserve");
    });
    c.handleEvent(complete("gate", pendingApproval("gate")));
    c.handleEvent({ type: "step_invalidated", workflowId: "w", ts: 0, stepKey: "gate" });
    expect([...c.getState().steps.keys()]).toEqual(["kept"]);
    expect(c.hasPendingApprovals()).toBe(false);
    c.injectApproval("approved", "yes");
    c.handleEvent({ type: "step_invalidated", workflowId: "w", ts: 0, stepKey: "approved" });
    expect(c.getState().steps.has("approved")).toBe(false);
  });

  it("resumes a run past an injected approval and re-runs the step that failed", async () => {
    let lookups = 0;
    const lookup = async () =>
      ++lookups === 1 ? { ok: false as const, error: "FLAKY" as const } : ok(7);
    const gate = createApprovalStep<number>({
      key: "g",
      checkApproval: async () => ({ status: "pending" }),
    });
    const c = createHITLCollector();
    const body = async (
      step: RunStep<"FLAKY" | PendingApproval | ApprovalRejected>,
      d: { lookup: typeof lookup; gate: typeof gate },
    ) => {
      const approved = await step(d.gate, { key: "g" });
      const found = await step(() => d.lookup(), { key: "lookup" });
      return approved + found;
    };
    await createWorkflow({ lookup, gate }, { onEvent: c.handleEvent })(body);
    const state = c.injectApproval("g", 35);
    const first = await createWorkflow(
      { lookup, gate },
      { resumeState: state, onEvent: c.handleEvent },
    )(body);
    expect(first.ok).toBe(false); // lookup failed once
    const second = await createWorkflow({ lookup, gate }, { resumeState: c.getState() })(body);
    expect(second).toStrictEqual(ok(42));
    expect(lookups).toBe(2);
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
