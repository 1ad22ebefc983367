import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkflow, ok, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import {
  createLiveVisualizer,
  createPerformanceAnalyzer,
  createTimeTravelController,
  createVisualizer,
  getHeatLevel,
  type LoggerOutput,
} from "@awaitly/visualize";
import { recordApprovalRun, recordRun } from "./fixtures";

afterEach(() => {
  vi.useRealTimers();
});

const strip = (s: string) =>
  s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, "g"), "");

describe("logger and flowchart formats", () => {
  it("logger output is structured JSON with steps, summary and a plain diagram", async () => {
    const viz = createVisualizer({ workflowName: "checkout" });
    for (const e of await recordRun({ failing: true })) viz.handleEvent(e);
    const out = JSON.parse(viz.renderAs("logger")) as LoggerOutput;
    expect(out.workflow).toMatchObject({ name: "checkout", state: "error" });
    expect(out.steps.map((s) => [s.name, s.state])).toEqual([
      ["Fetch user", "success"],
      ["Reserve stock", "success"],
      ["Load prefs", "cached"],
      ["Charge card", "error"],
    ]);
    expect(out.summary).toMatchObject({
      totalSteps: 4,
      successCount: 2,
      errorCount: 1,
      cacheHits: 1,
      totalRetries: 1,
    });
    expect(out.steps[3]?.error).toBe("NOT_FOUND");
    expect(out.diagram).toContain("✗ Charge card");
    expect(out.diagram).not.toContain(String.fromCharCode(27));
  });

  it("flowchart draws a box per step between Start and Failed", async () => {
    const viz = createVisualizer();
    for (const e of await recordRun({ failing: true })) viz.handleEvent(e);
    const chart = strip(viz.renderAs("flowchart"));
    expect(chart).toContain("▶ Start");
    expect(chart).toContain("✓ Fetch user");
    expect(chart).toContain("⫘ Load history");
    expect(chart).toContain("✗ Failed");
    expect(chart.split("\n").filter((l) => l.includes("▼")).length).toBeGreaterThan(3);
  });
});

describe("createLiveVisualizer", () => {
  it("redraws in place through the stream and leaves the final picture", async () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const stream = {
      write: (chunk: string) => void writes.push(chunk),
      writable: true,
      columns: 60,
    };
    const live = createLiveVisualizer({ stream, workflowName: "live", updateInterval: 50 });
    live.start();
    expect(writes[0]).toBe("\x1b[?25l");
    const w = { workflowId: "w" };
    live.handleEvent({ type: "workflow_start", ...w, ts: 0 });
    live.handleEvent({ type: "step_start", ...w, stepId: "a", name: "Fetch", ts: 1 });
    const before = writes.length;
    await vi.advanceTimersByTimeAsync(50);
    expect(writes.length).toBeGreaterThan(before);
    expect(writes.some((c) => new RegExp(`${String.fromCharCode(27)}\\[\\d+A`).test(c))).toBe(true);
    expect(strip(writes.at(-1) ?? "")).toContain("⟳ Fetch");
    live.handleEvent({
      type: "step_success",
      ...w,
      stepId: "a",
      name: "Fetch",
      ts: 5,
      durationMs: 4,
    });
    live.handleEvent({ type: "workflow_success", ...w, ts: 6, durationMs: 6 });
    live.stop();
    expect(writes.at(-1)).toBe("\x1b[?25h");
    expect(strip(writes.at(-2) ?? "")).toContain("Completed in 6ms");
    const count = writes.length;
    live.handleEvent({ type: "workflow_start", ...w, ts: 10 });
    expect(writes.length).toBe(count);
  });
});

describe("createTimeTravelController", () => {
  it("seeks, steps and plays back snapshots", async () => {
    vi.useFakeTimers();
    const controller = createTimeTravelController();
    const states: number[] = [];
    controller.onStateChange((s) => void states.push(s.currentIndex));
    const w = { workflowId: "w" };
    const events: WorkflowEvent<unknown>[] = [
      { type: "workflow_start", ...w, ts: 0 },
      { type: "step_start", ...w, stepId: "a", name: "a", ts: 1 },
      { type: "step_success", ...w, stepId: "a", name: "a", ts: 2, durationMs: 1 },
      { type: "workflow_success", ...w, ts: 3, durationMs: 3 },
    ];
    for (const e of events) controller.handleEvent(e);
    expect(controller.getSnapshots()).toHaveLength(4);
    expect(controller.seek(1)?.root.children[0]?.state).toBe("running");
    expect(controller.stepForward()?.root.children[0]?.state).toBe("success");
    expect(controller.seek(9)).toBeUndefined();
    controller.seek(0);
    controller.play(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(controller.getState()).toMatchObject({
      currentIndex: 3,
      isPlaying: false,
      playbackSpeed: 2,
    });
    expect(states).toContain(3);
    controller.stopRecording();
    controller.handleEvent({ type: "workflow_start", ...w, ts: 10 });
    expect(controller.getState().currentIndex).toBe(3);
    controller.reset();
    expect(controller.getState()).toMatchObject({ currentIndex: -1, snapshots: [] });
    expect(() => controller.play(0)).toThrow(RangeError);
  });
});

describe("createPerformanceAnalyzer", () => {
  it("aggregates runs by step name and builds a heatmap", async () => {
    const analyzer = createPerformanceAnalyzer();
    const w = { workflowId: "w" };
    for (const [fast, slow, fails] of [
      [10, 100, false],
      [20, 300, true],
    ] as const) {
      analyzer.addRun({
        id: "r",
        startTime: 0,
        events: [
          { type: "step_start", ...w, stepId: "1", name: "fast", ts: 0 },
          { type: "step_success", ...w, stepId: "1", name: "fast", ts: 0, durationMs: fast },
          { type: "step_start", ...w, stepId: "2", name: "slow", ts: 0 },
          {
            type: "step_retry",
            ...w,
            stepId: "2",
            name: "slow",
            attempt: 2,
            maxAttempts: 2,
            delayMs: 1,
            error: "E",
            ts: 0,
          },
          fails
            ? {
                type: "step_error",
                ...w,
                stepId: "2",
                name: "slow",
                ts: 0,
                durationMs: slow,
                error: "E",
              }
            : { type: "step_success", ...w, stepId: "2", name: "slow", ts: 0, durationMs: slow },
        ],
      });
    }
    expect(analyzer.getNodePerformance("slow")).toMatchObject({
      avgDurationMs: 200,
      minDurationMs: 100,
      maxDurationMs: 300,
      samples: 2,
      errorRate: 0.5,
      retryRate: 1,
    });
    expect(analyzer.getSlowestNodes(1).map((n) => n.nodeId)).toEqual(["slow"]);
    expect(analyzer.getErrorProneNodes().map((n) => n.nodeId)).toEqual(["slow"]);
    const viz = createVisualizer({ detectParallel: false });
    viz.handleEvent({ type: "workflow_start", ...w, ts: 0 });
    for (const name of ["fast", "slow"]) {
      viz.handleEvent({ type: "step_start", ...w, stepId: name, name, ts: 0 });
      viz.handleEvent({ type: "step_success", ...w, stepId: name, name, ts: 1, durationMs: 1 });
    }
    const heat = analyzer.getHeatmap(viz.getIR());
    expect([...heat.heat.values()]).toEqual([0, 1]);
    expect(getHeatLevel(0.1)).toBe("cold");
    expect(getHeatLevel(0.97)).toBe("critical");
    const copy = createPerformanceAnalyzer();
    copy.importData(analyzer.exportData());
    expect(copy.getNodePerformance("fast")?.avgDurationMs).toBe(15);
    analyzer.clear();
    expect(analyzer.getAllPerformance().size).toBe(0);
  });
});

describe("createPerformanceAnalyzer and approvals", () => {
  /** A real run whose approval gate was already approved: "Approve refund" succeeds. */
  async function recordApprovedRun() {
    const events: WorkflowEvent<unknown, unknown>[] = [];
    const approve = async (): AsyncResult<string, never> => ok("approved");
    const workflow = createWorkflow({ approve }, { onEvent: (e) => void events.push(e) });
    await workflow(async (step, deps) =>
      step(() => deps.approve(), { key: "approve:refund-42", name: "Approve refund" }),
    );
    return events as WorkflowEvent<unknown>[];
  }

  it("counts a step paused on an approval as waiting, not as an error or a sample", async () => {
    const analyzer = createPerformanceAnalyzer();
    for (const id of ["r1", "r2"])
      analyzer.addRun({
        id,
        startTime: 0,
        events: await recordApprovalRun(),
      });
    expect(analyzer.getNodePerformance("Approve refund")).toMatchObject({
      samples: 0,
      errorRate: 0,
      retryRate: 0,
      timeoutRate: 0,
      waitingCount: 2,
    });
    expect(analyzer.getNodePerformance("Load order")).toMatchObject({
      samples: 2,
      errorRate: 0,
      waitingCount: 0,
    });
    expect(analyzer.getErrorProneNodes()).toEqual([]);
    expect(analyzer.getSlowestNodes().map((n) => n.nodeId)).toEqual(["Load order"]);

    analyzer.addRun({ id: "r3", startTime: 0, events: await recordApprovedRun() });
    expect(analyzer.getNodePerformance("Approve refund")).toMatchObject({
      samples: 1,
      errorRate: 0,
      waitingCount: 2,
    });
    const copy = createPerformanceAnalyzer();
    copy.importData(analyzer.exportData());
    expect(copy.getNodePerformance("Approve refund")?.waitingCount).toBe(2);
  });

  it("leaves a step that only waited out of the heatmap", async () => {
    const analyzer = createPerformanceAnalyzer();
    const events = await recordApprovalRun();
    analyzer.addRun({ id: "r1", startTime: 0, events: events });
    const viz = createVisualizer({ detectParallel: false });
    for (const e of events) viz.handleEvent(e);
    const heat = analyzer.getHeatmap(viz.getIR(), "errorRate");
    expect(heat.heat.size).toBe(1);
    expect([...heat.heat.values()]).toEqual([0]);
  });
});
