import { createWorkflow, isOk, ok, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import { describe, expect, it } from "vitest";
import {
  createIRBuilder,
  createLiveVisualizer,
  createTimeTravelController,
  createVisualizer,
  renderToHTML,
} from "@awaitly/visualize";

const value = async <T>(v: T): AsyncResult<T, never> => ok(v);
const names = (ir: { root: { children: { name?: string | undefined }[] } }) =>
  ir.root.children.map((c) => c.name);

/**
 * Two real runs reported under one `workflowId`, as an engine that resumes or re-runs a durable run
 * under its own id reports them (core's `createWorkflow` gives each call a fresh id, and `run`
 * emits no workflow events, so the id is set on the way to the listener).
 */
async function sameIdRuns(onEvent: (e: WorkflowEvent<unknown, unknown>) => void) {
  const asOrder = (e: WorkflowEvent<unknown, unknown>) => onEvent({ ...e, workflowId: "order-42" });
  const workflow = createWorkflow({ value }, { onEvent: asOrder });
  await workflow(async (step, deps) => {
    await step(() => deps.value(1), "First run A");
    await step(() => deps.value(2), "First run B");
  });
  await workflow(async (step, deps) => {
    await step(() => deps.value(3), "Second run");
  });
}

/**
 * A real parent workflow whose second step runs a child workflow, all on one listener. The child's
 * step ids (`step_1`, `step_2`) are the same as the parent's: ids are counted per run.
 */
async function nestedRun(onEvent: (e: WorkflowEvent<unknown, unknown>) => void) {
  const child = createWorkflow({ value }, { onEvent });
  const parent = createWorkflow({ value }, { onEvent });
  let parentRunning: string | undefined;
  await parent(async (step, deps) => {
    await step(() => deps.value(1), "Parent first");
    await step(async () => {
      const result = await child(async (s, d) => {
        await s(() => d.value(2), "Child one");
        await s(() => d.value(3), "Child two");
        return 5;
      });
      return ok(isOk(result) ? result.value : 0);
    }, "Call child");
    parentRunning = "after child";
    await step(() => deps.value(4), "Parent last");
    return parentRunning;
  });
}

describe("a re-run with the same workflowId", () => {
  it("starts a fresh diagram instead of appending to the ended run's", async () => {
    const viz = createVisualizer({ color: false, detectParallel: false });
    await sameIdRuns(viz.handleEvent);
    const ir = viz.getIR();
    expect(names(ir)).toEqual(["Second run"]);
    expect(ir.root.state).toBe("success");
    expect(viz.render()).toContain("Second run");
    expect(viz.render()).not.toContain("First run");
    expect(viz.renderAs("mermaid")).not.toContain("First run");
    expect(viz.renderAs("flowchart")).not.toContain("First run");
    expect(viz.renderAs("logger")).not.toContain("First run");
    expect(renderToHTML(ir)).not.toContain("First run");
  });

  it("does so in the live view and time travel (which keeps the first run's snapshots)", async () => {
    const out: string[] = [];
    const live = createLiveVisualizer({
      stream: { write: (c: string) => void out.push(c), columns: 80 },
      color: false,
    });
    const travel = createTimeTravelController();
    await sameIdRuns((e) => {
      live.handleEvent(e);
      travel.handleEvent(e);
    });
    expect(live.render()).not.toContain("First run");
    expect(names(travel.getCurrentIR())).toEqual(["Second run"]);
    expect(travel.getSnapshots().some((s) => names(s.ir).includes("First run B"))).toBe(true);
  });

  it("keeps a run's own steps when the listener only ever sees one run", async () => {
    const builder = createIRBuilder({ detectParallel: false });
    await createWorkflow(
      { value },
      { onEvent: builder.handleEvent },
    )(async (step, deps) => {
      await step(() => deps.value(1), "Only");
    });
    expect(names(builder.getIR())).toEqual(["Only"]);
  });
});

describe("a nested workflow on the parent's listener", () => {
  it("leaves the parent's diagram running and whole until the parent ends", async () => {
    const viz = createVisualizer({ color: false, detectParallel: false });
    const seen: { type: string; state: string; steps: (string | undefined)[] }[] = [];
    viz.onUpdate((ir) => {
      seen.push({ type: "", state: ir.root.state, steps: names(ir) });
    });
    let parentId: string | undefined;
    await nestedRun((e) => {
      parentId ??= e.workflowId;
      viz.handleEvent(e);
      seen.at(-1)!.type = e.type;
    });
    // The child's end did not end (or clear) the parent's picture.
    const childEnd = seen.findIndex((s, i) => s.type === "workflow_success" && i < seen.length - 1);
    expect(childEnd).toBeGreaterThan(0);
    expect(seen[childEnd]!.state).toBe("running");
    for (const s of seen.slice(1)) expect(s.steps[0]).toBe("Parent first");

    const ir = viz.getIR();
    expect(ir.root.workflowId).toBe(parentId);
    expect(ir.root.state).toBe("success");
    // Every step of both runs, the parent's "Call child" included although the child's first step
    // had the same step id.
    expect(names(ir)).toEqual([
      "Parent first",
      "Child one",
      "Child two",
      "Call child",
      "Parent last",
    ]);
    expect(ir.root.children.every((c) => c.state === "success")).toBe(true);

    const ascii = viz.render();
    for (const name of ["Parent first", "Child one", "Call child", "Parent last"])
      expect(ascii).toContain(name);
    expect(ascii).toContain("Completed in");
    const mermaid = viz.renderAs("mermaid");
    expect(mermaid).toContain("Call child");
    expect(mermaid).toContain("Parent last");
    expect(mermaid.match(/finish\(/g)).toHaveLength(1);
    expect(viz.renderAs("flowchart")).toContain("Parent last");
    const html = renderToHTML(ir);
    expect(html).toContain("Parent last");
    // The child's step_1 and the parent's step_1 are two nodes with two ids (the page's inspector
    // finds nodes by id).
    const ids = ir.root.children.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const htmlIds = [...html.matchAll(/data-node-id="([^"]*)"/g)].map((m) => m[1]);
    expect(htmlIds).toHaveLength(5);
    expect(new Set(htmlIds).size).toBe(5);
    expect(ids.filter((id) => id.startsWith("step_"))).toEqual(["step_1", "step_2", "step_3"]);
  });

  it("keeps the parent running (not ended) while the child has ended", async () => {
    const builder = createIRBuilder({ detectParallel: false });
    const w = (workflowId: string) => ({ workflowId });
    builder.handleEvent({ type: "workflow_start", ...w("parent"), ts: 0 });
    builder.handleEvent({
      type: "step_start",
      ...w("parent"),
      stepId: "step_1",
      name: "Call",
      ts: 1,
    });
    builder.handleEvent({ type: "workflow_start", ...w("child"), ts: 2 });
    builder.handleEvent({ type: "step_start", ...w("child"), stepId: "step_1", name: "C", ts: 3 });
    builder.handleEvent({
      type: "step_success",
      ...w("child"),
      stepId: "step_1",
      name: "C",
      ts: 4,
      durationMs: 1,
    });
    builder.handleEvent({ type: "workflow_success", ...w("child"), ts: 5, durationMs: 3 });
    let ir = builder.getIR();
    expect(ir.root).toMatchObject({ workflowId: "parent", state: "running", startTs: 0 });
    expect(ir.root.durationMs).toBeUndefined();
    expect(ir.root.children.map((c) => [c.name, c.state])).toEqual([
      ["C", "success"],
      ["Call", "running"],
    ]);
    // A second child after the first ended is nested too: it does not wipe the parent.
    builder.handleEvent({ type: "workflow_start", ...w("child2"), ts: 6 });
    builder.handleEvent({
      type: "workflow_error",
      ...w("child2"),
      ts: 7,
      durationMs: 1,
      error: "X",
    });
    builder.handleEvent({
      type: "step_success",
      ...w("parent"),
      stepId: "step_1",
      name: "Call",
      ts: 8,
      durationMs: 7,
    });
    builder.handleEvent({ type: "workflow_success", ...w("parent"), ts: 9, durationMs: 9 });
    ir = builder.getIR();
    expect(ir.root).toMatchObject({ workflowId: "parent", state: "success", durationMs: 9 });
    expect(ir.root.error).toBeUndefined();
    expect(names(ir)).toEqual(["C", "Call"]);
  });
});

describe("gate hooks across runs", () => {
  it("shows only the current run's shouldRun, and never a nested run's", async () => {
    const builder = createIRBuilder({ detectParallel: false });
    const onEvent = builder.handleEvent;
    const gated = createWorkflow({ value }, { onEvent, shouldRun: () => true });
    const plain = createWorkflow({ value }, { onEvent });
    const skipped = createWorkflow({ value }, { onEvent, shouldRun: () => false });

    await gated(async (step, deps) => step(() => deps.value(1), "Gated"));
    expect(builder.getIR().hooks?.shouldRun?.context?.result).toBe(true);
    // The next run has no gate: the first run's hook is not drawn on it.
    await plain(async (step, deps) => step(() => deps.value(2), "Plain"));
    expect(builder.getIR().hooks).toBeUndefined();
    expect(names(builder.getIR())).toEqual(["Plain"]);
    // A run its gate skipped is a fresh (never started) diagram holding just that gate.
    await skipped(async (step, deps) => step(() => deps.value(3), "Never"));
    let ir = builder.getIR();
    expect(ir.root.state).toBe("pending");
    expect(ir.root.children).toEqual([]);
    expect(ir.hooks?.shouldRun?.context).toEqual({ result: false, skipped: true });

    // A gated child inside an ungated parent: the parent's diagram gets no gate from it.
    await plain(async (step) => {
      await step(async () => {
        const r = await gated(async (s, d) => s(() => d.value(4), "Child"));
        return ok(isOk(r) ? r.value : 0);
      }, "Call gated child");
    });
    ir = builder.getIR();
    expect(ir.root.state).toBe("success");
    expect(ir.hooks).toBeUndefined();
    expect(names(ir)).toEqual(["Child", "Call gated child"]);
  });
});
