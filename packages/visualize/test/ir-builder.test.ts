import { describe, expect, it } from "vitest";
import {
  createIRBuilder,
  createVisualizer,
  detectParallelGroups,
  trackIf,
  type StepNode,
} from "@awaitly/visualize";
import { recordRun } from "./fixtures";

const w = { workflowId: "w" };
const step = (id: string, start: number, end: number): StepNode => ({
  type: "step",
  id,
  name: id,
  state: "success",
  startTs: start,
  endTs: end,
  durationMs: end - start,
});

describe("createIRBuilder", () => {
  it("builds steps, retries, scopes and cache hits from a real run", async () => {
    const builder = createIRBuilder({ detectParallel: false });
    for (const e of await recordRun()) builder.handleEvent(e);
    const ir = builder.getIR();
    expect(ir.root.state).toBe("success");
    const children = ir.root.children;
    expect(children.map((c) => [c.type, c.name, c.state])).toEqual([
      ["step", "Fetch user", "success"],
      ["step", "Reserve stock", "success"],
      ["parallel", "Load history", "success"],
      ["step", "Load prefs", "cached"],
    ]);
    expect(children[1]?.retryCount).toBe(1);
    expect(children[0]?.key).toBe("user:1");
  });

  it("starts a fresh IR (and picture) for a new run once the previous one ended, not for a nested one", async () => {
    const builder = createIRBuilder({ detectParallel: false, enableSnapshots: true });
    const first = await recordRun({ failing: true });
    for (const e of first) builder.handleEvent(e);
    const second = createIRBuilder({ detectParallel: false });
    const events = await recordRun();
    for (const e of events) {
      builder.handleEvent(e);
      second.handleEvent(e);
    }
    const { metadata: _a, ...fresh } = builder.getIR();
    const { metadata: _b, ...alone } = second.getIR();
    expect(fresh).toEqual(alone);
    expect(fresh.root.error).toBeUndefined();
    // The first run's snapshots are still there, ending in its failure.
    expect(builder.getIRAt(first.length - 1)?.root.state).toBe("error");
    const viz = createVisualizer({ color: false });
    for (const e of [...first, ...events]) viz.handleEvent(e);
    expect(viz.render()).not.toContain("Charge card");

    const nested = createIRBuilder({ detectParallel: false });
    nested.handleEvent({ type: "workflow_start", workflowId: "parent", ts: 0 });
    nested.handleEvent({ type: "step_start", workflowId: "parent", stepId: "a", name: "a", ts: 1 });
    nested.handleEvent({
      type: "step_success",
      workflowId: "parent",
      stepId: "a",
      name: "a",
      ts: 2,
      durationMs: 1,
    });
    nested.handleEvent({ type: "workflow_start", workflowId: "child", ts: 3 });
    expect(nested.getIR().root.children.map((c) => c.name)).toEqual(["a"]);
  });

  it("records step errors and the workflow error", async () => {
    const builder = createIRBuilder();
    for (const e of await recordRun({ failing: true })) builder.handleEvent(e);
    const ir = builder.getIR();
    expect(ir.root.state).toBe("error");
    expect(ir.root.children.at(-1)).toMatchObject({
      name: "Charge card",
      state: "error",
      error: "NOT_FOUND",
    });
  });

  it("draws a running step inside the scope it started in", () => {
    const builder = createIRBuilder();
    builder.handleEvent({ type: "workflow_start", ...w, ts: 0 });
    builder.handleEvent({
      type: "scope_start",
      ...w,
      scopeId: "s1",
      scopeType: "parallel",
      name: "fan-out",
      ts: 1,
    });
    builder.handleEvent({ type: "step_start", ...w, stepId: "a", name: "a", ts: 2 });
    builder.handleEvent({ type: "step_start", ...w, stepId: "b", name: "b", ts: 2 });
    builder.handleEvent({
      type: "step_success",
      ...w,
      stepId: "a",
      name: "a",
      ts: 5,
      durationMs: 3,
    });
    const [scope, ...rest] = builder.getIR().root.children;
    expect(rest).toEqual([]);
    expect(scope).toMatchObject({ type: "parallel", state: "running", name: "fan-out" });
    expect(scope?.type === "parallel" && scope.children.map((c) => [c.id, c.state])).toEqual([
      ["a", "success"],
      ["b", "running"],
    ]);
  });

  it("puts steps of a tracked decision under its taken branch", () => {
    const viz = createVisualizer({ detectParallel: false });
    viz.handleEvent({ type: "workflow_start", ...w, ts: 0 });
    const decision = trackIf("premium", true, { workflowId: "w", emit: viz.handleDecisionEvent });
    decision.then();
    viz.handleEvent({
      type: "step_start",
      ...w,
      stepId: "discount",
      name: "Apply discount",
      ts: 1,
    });
    viz.handleEvent({
      type: "step_success",
      ...w,
      stepId: "discount",
      name: "Apply discount",
      ts: 2,
      durationMs: 1,
    });
    decision.end();
    const [node] = viz.getIR().root.children;
    expect(node).toMatchObject({ type: "decision", branchTaken: "if", state: "success" });
    expect(node?.type === "decision" && node.branches[0]?.children[0]?.name).toBe("Apply discount");
  });

  it("keeps a snapshot per event when enabled, bounded by maxSnapshots", () => {
    const builder = createIRBuilder({ enableSnapshots: true, maxSnapshots: 2 });
    builder.handleEvent({ type: "workflow_start", ...w, ts: 0 });
    builder.handleEvent({ type: "step_start", ...w, stepId: "a", ts: 1 });
    builder.handleEvent({ type: "step_success", ...w, stepId: "a", ts: 2, durationMs: 1 });
    expect(builder.snapshotCount).toBe(2);
    expect(builder.getSnapshotAt(0)?.eventIndex).toBe(1);
    expect(builder.getIRAt(1)?.root.children[0]?.state).toBe("success");
    expect(() => createIRBuilder({ maxSnapshots: 0 })).toThrow(RangeError);
  });
});

describe("detectParallelGroups", () => {
  it("groups steps whose run times overlap", () => {
    const nodes = detectParallelGroups([step("a", 0, 10), step("b", 2, 12), step("c", 20, 25)]);
    expect(nodes.map((n) => [n.type, n.name])).toEqual([
      ["parallel", "2 parallel steps"],
      ["step", "c"],
    ]);
  });

  it("does not group steps that ran one after another, however close they started", () => {
    const nodes = detectParallelGroups([step("a", 0, 2), step("b", 4, 6), step("c", 6, 9)]);
    expect(nodes.map((n) => n.type)).toEqual(["step", "step", "step"]);
  });

  it("groups steps that start together whatever minOverlapMs says", () => {
    // b overlaps a by 2 ms only, under the 50 ms asked, but it started with a.
    const nodes = detectParallelGroups([step("a", 0, 100), step("b", 0, 2), step("c", 3, 4)], {
      minOverlapMs: 50,
    });
    expect(nodes.map((n) => [n.type, n.name])).toEqual([["parallel", "3 parallel steps"]]);
    // A step that started later and overlaps too little still stays apart.
    const late = detectParallelGroups([step("a", 0, 100), step("b", 40, 60)], {
      minOverlapMs: 50,
    });
    expect(late.map((n) => n.type)).toEqual(["step", "step"]);
  });

  it("groups steps with identical start and end times, zero-length ones included", () => {
    for (const [start, end] of [
      [5, 5],
      [5, 30],
    ]) {
      const nodes = detectParallelGroups([step("a", start!, end!), step("b", start!, end!)], {
        minOverlapMs: 100,
      });
      expect(nodes).toHaveLength(1);
      expect(nodes[0]).toMatchObject({
        type: "parallel",
        name: "2 parallel steps",
        startTs: start,
        endTs: end,
      });
    }
  });

  it("rejects negative or non-finite options", () => {
    expect(() => detectParallelGroups([], { minOverlapMs: -1 })).toThrow(RangeError);
    expect(() => detectParallelGroups([], { maxGapMs: Number.NaN })).toThrow(/maxGapMs/);
  });

  it("leaves a list containing a real scope alone", () => {
    const scope = {
      type: "parallel" as const,
      id: "s",
      state: "success" as const,
      children: [],
      mode: "all" as const,
    };
    const nodes = [step("a", 0, 10), step("b", 1, 10), scope];
    expect(detectParallelGroups(nodes)).toBe(nodes);
  });
});
