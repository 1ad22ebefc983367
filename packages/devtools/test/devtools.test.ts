import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkflow, err, ok, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import { createConsoleLogger, createDevtools, quickVisualize, renderDiff } from "@awaitly/devtools";

const ttyBefore = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
const setTTY = (value: boolean) =>
  Object.defineProperty(process.stdout, "isTTY", { value, configurable: true, writable: true });

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  if (ttyBefore) Object.defineProperty(process.stdout, "isTTY", ttyBefore);
  else delete (process.stdout as { isTTY?: boolean }).isTTY;
});

const strip = (s: string) =>
  s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");

/** A workflow whose "charge" step fails when `decline` is set and takes `ms` when it succeeds. */
function checkout(devtools: ReturnType<typeof createDevtools>) {
  const fetchUser = async (): AsyncResult<string, never> => ok("u1");
  const charge = async (decline: boolean): AsyncResult<number, "DECLINED"> =>
    decline ? err("DECLINED") : ok(42);
  const workflow = createWorkflow({ fetchUser, charge }, { onEvent: devtools.handleEvent });
  return (decline: boolean) =>
    workflow(async (step, deps) => {
      await step(() => deps.fetchUser(), "fetch user");
      return step(() => deps.charge(decline), "charge");
    });
}

describe("createDevtools", () => {
  it("records runs with outcome and keeps a bounded history", async () => {
    const devtools = createDevtools({ workflowName: "checkout", maxHistory: 1 });
    const run = checkout(devtools);
    await run(false);
    await run(true);
    await run(false);
    expect(devtools.getHistory()).toHaveLength(1);
    expect(devtools.getHistory()[0]).toMatchObject({
      name: "checkout",
      status: "error",
      success: false,
      error: "DECLINED",
    });
    expect(devtools.getCurrentRun()).toMatchObject({
      status: "success",
      success: true,
      error: undefined,
    });
    expect(devtools.getCurrentRun()?.events[0]?.type).toBe("workflow_start");
  });

  it("diffs the current run with the previous one and renders the diff", async () => {
    const devtools = createDevtools();
    const run = checkout(devtools);
    await run(false);
    await run(true);
    const diff = devtools.diffWithPrevious();
    expect(diff?.statusChange).toEqual({ from: "success", to: "error" });
    // Real durations differ run to run, so "fetch user" usually shows up as a duration change.
    expect(diff?.changed).toContainEqual({
      step: "charge",
      type: "status",
      from: "success",
      to: "error",
    });
    const text = renderDiff(diff!);
    expect(text).toContain("Status: success → error");
    expect(text).toContain("  ~ charge: success → error");
    const first = devtools.getHistory()[0]!;
    expect(devtools.diff(first.id, devtools.getCurrentRun()!.id)).toEqual(diff);
    expect(devtools.diff("nope", first.id)).toBeUndefined();
  });

  it("renders ASCII, Mermaid and a timeline from the events' own timestamps", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
    const devtools = createDevtools({ workflowName: "checkout" });
    const w = { workflowId: "w1" };
    const events: WorkflowEvent<unknown>[] = [
      { type: "workflow_start", ...w, ts: 1000 },
      { type: "step_start", ...w, stepId: "s1", name: "fetch", ts: 1000 },
      { type: "step_success", ...w, stepId: "s1", name: "fetch", ts: 1050, durationMs: 50 },
      { type: "step_start", ...w, stepId: "s2", name: "k2", ts: 1050 },
      { type: "step_error", ...w, stepId: "s2", name: "k2", ts: 1080, durationMs: 30, error: "E" },
      { type: "step_cache_hit", ...w, stepKey: "c1", ts: 1080 },
      { type: "step_start", ...w, stepId: "s3", name: "s3", ts: 1080 },
    ];
    for (const e of events) devtools.handleEvent(e);
    expect(devtools.getTimeline().map((e) => [e.name, e.startMs, e.endMs, e.status])).toEqual([
      ["fetch", 0, 50, "success"],
      ["k2", 50, 80, "error"],
      ["c1", 80, 80, "cached"],
      ["s3", 80, undefined, "running"],
    ]);
    const timeline = devtools.renderTimeline().split("\n");
    expect(timeline[0]).toBe("Timeline:");
    expect(timeline[2]).toBe(`${"fetch".padEnd(20)} |${"█".repeat(11).padEnd(40)}| 50ms`);
    expect(timeline[5]).toContain("| ?");
    // The pictures are of the run's steps, each in its state, not just a frame with the name.
    const ascii = strip(devtools.render());
    for (const line of ["✓ fetch [50ms]", "✗ k2 [30ms]", "↺ c1", "⟳ s3"])
      expect(ascii).toContain(line);
    const mermaid = devtools
      .renderMermaid()
      .split("\n")
      .map((l) => l.trim());
    expect(mermaid[0]).toBe("flowchart TD");
    expect(mermaid).toContain('step_1["✓ fetch 50ms"]:::success');
    expect(mermaid.some((l) => /^step_\d+\{\{"✗ k2 30ms"\}\}:::error$/.test(l))).toBe(true);
    expect(mermaid.some((l) => /^step_\d+ -->\|error\| ERR_step_\d+$/.test(l))).toBe(true);
    expect(mermaid).toContain('step_c1[("💾 c1 0ms")]:::cached');
  });

  it("exports and imports runs, and logs events when asked", async () => {
    const logger = vi.fn();
    const devtools = createDevtools({ logEvents: true, logger });
    await checkout(devtools)(true);
    const exported = devtools.exportRun();
    expect(JSON.parse(exported)).toMatchObject({ success: false, error: "DECLINED" });
    const other = createDevtools();
    const imported = other.importRun(exported);
    expect(other.getHistory()).toEqual([imported]);
    expect(() => other.importRun('{"nope":1}')).toThrow(TypeError);
    expect(devtools.exportRun("missing")).toBe("{}");
    expect(logger.mock.calls[0]?.[0]).toMatch(/^\[devtools\] workflow_start: \{/);
    devtools.reset();
    expect(devtools.getCurrentRun()).toBeUndefined();
    devtools.clearHistory();
    expect(devtools.getHistory()).toEqual([]);
    expect(devtools.renderTimeline()).toBe("No timeline data");
  });

  it("draws a zero-length run as one visible bar instead of nothing", () => {
    const devtools = createDevtools();
    devtools.handleEvent({ type: "workflow_start", workflowId: "w", ts: 0 });
    devtools.handleEvent({
      type: "step_cache_hit",
      workflowId: "w",
      stepKey: "cached-user",
      ts: 0,
    });
    expect(devtools.renderTimeline().split("\n")).toEqual([
      "Timeline:",
      "─".repeat(60),
      `${"cached-user".padEnd(20)} |▓${" ".repeat(39)}| 0ms`,
      "─".repeat(60),
    ]);
  });

  it("places a replayed run by its own timestamps, however long ago it ran", () => {
    const devtools = createDevtools();
    const w = { workflowId: "w" };
    // Recorded long ago: the offsets come from the events, not from when devtools saw them.
    devtools.handleEvent({ type: "workflow_start", ...w, ts: 5_000 });
    devtools.handleEvent({ type: "step_start", ...w, stepId: "a", name: "first", ts: 5_000 });
    devtools.handleEvent({
      type: "step_success",
      ...w,
      stepId: "a",
      name: "first",
      ts: 5_020,
      durationMs: 20,
    });
    devtools.handleEvent({ type: "step_start", ...w, stepId: "b", name: "second", ts: 5_020 });
    devtools.handleEvent({
      type: "step_success",
      ...w,
      stepId: "b",
      name: "second",
      ts: 5_040,
      durationMs: 20,
    });
    const lines = devtools.renderTimeline().split("\n");
    expect(lines[2]).toBe(`${"first".padEnd(20)} |${"█".repeat(20).padEnd(40)}| 20ms`);
    expect(lines[3]).toBe(`${"second".padEnd(20)} |${" ".repeat(20)}${"█".repeat(20)}| 20ms`);
  });

  it("draws a run paused on an approval as waiting, not failed", () => {
    const devtools = createDevtools({ workflowName: "refund", color: false });
    const w = { workflowId: "w" };
    const pending = { type: "PENDING_APPROVAL", stepKey: "approve:1" };
    devtools.handleEvent({ type: "workflow_start", ...w, ts: 0 });
    devtools.handleEvent({ type: "step_start", ...w, stepId: "g", name: "approve", ts: 1 });
    devtools.handleEvent({
      type: "step_error",
      ...w,
      stepId: "g",
      name: "approve",
      ts: 2,
      durationMs: 1,
      error: pending,
    });
    devtools.handleEvent({ type: "workflow_error", ...w, ts: 3, durationMs: 3, error: pending });
    const picture = devtools.render();
    expect(picture).toContain("⏸ approve [1ms] [waiting for approval]");
    expect(picture).toContain("Waiting for approval after 3ms");
    expect(picture).not.toMatch(/✗|Failed/);
    expect(devtools.getTimeline()[0]?.status).toBe("waiting");
    expect(devtools.renderTimeline().split("\n")[2]).toBe(
      `${"approve".padEnd(20)} |${" ".repeat(20)}${"╌".repeat(20)}| 1ms`,
    );
    // The next run approves it: the diff says the step went from waiting to success.
    devtools.handleEvent({ type: "workflow_start", workflowId: "w2", ts: 10 });
    devtools.handleEvent({
      type: "step_start",
      workflowId: "w2",
      stepId: "g",
      name: "approve",
      ts: 11,
    });
    devtools.handleEvent({
      type: "step_success",
      workflowId: "w2",
      stepId: "g",
      name: "approve",
      ts: 12,
      durationMs: 1,
    });
    expect(devtools.diffWithPrevious()?.changed).toEqual([
      { step: "approve", type: "status", from: "waiting", to: "success" },
    ]);
  });

  it("reports a run paused on an approval as waiting in its status, diffs, exports and imports", async () => {
    const devtools = createDevtools();
    let approved = false;
    const approve = async (): AsyncResult<string, { type: "PENDING_APPROVAL"; stepKey: string }> =>
      approved ? ok("yes") : err({ type: "PENDING_APPROVAL", stepKey: "approve:refund-1" });
    const refund = createWorkflow({ approve }, { onEvent: devtools.handleEvent });
    const run = () =>
      refund(async (step, deps) =>
        step(() => deps.approve(), { key: "approve:refund-1", name: "approve" }),
      );

    await run();
    const paused = devtools.getCurrentRun()!;
    expect(paused).toMatchObject({ status: "waiting", success: false });
    const exported = devtools.exportRun();
    expect(JSON.parse(exported)).toMatchObject({ status: "waiting" });

    approved = true;
    await run();
    expect(devtools.getCurrentRun()?.status).toBe("success");
    const diff = devtools.diffWithPrevious();
    expect(diff?.statusChange).toEqual({ from: "waiting", to: "success" });
    expect(renderDiff(diff!)).toContain("Status: waiting → success");

    // A run exported before runs had a status is still read as waiting.
    const { status: _status, ...older } = JSON.parse(exported) as Record<string, unknown>;
    const other = createDevtools();
    expect(other.importRun(JSON.stringify(older)).status).toBe("waiting");
    expect(other.importRun(JSON.stringify({ ...older, id: "x", status: "bogus" })).status).toBe(
      "waiting",
    );
  });

  it("the console logger says a step and the run are waiting for approval", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const logger = createConsoleLogger({ colors: false });
    const pending = { type: "PENDING_APPROVAL", stepKey: "approve:1" };
    logger({
      type: "step_error",
      workflowId: "w",
      stepId: "g",
      name: "approve",
      ts: 0,
      durationMs: 1,
      error: pending,
    });
    logger({ type: "workflow_error", workflowId: "w", ts: 0, durationMs: 1, error: pending });
    logger({
      type: "step_error",
      workflowId: "w",
      stepId: "c",
      name: "charge",
      ts: 0,
      durationMs: 1,
      error: "DECLINED",
    });
    expect(log.mock.calls.map((c) => String(c[0]).slice(13))).toEqual([
      "[workflow] ⏸ approve waiting for approval",
      "[workflow] ⏸ Workflow waiting for approval",
      "[workflow] ✗ charge",
    ]);
  });

  it("keeps a nested workflow on the same listener inside its parent's run and diagram", async () => {
    const devtools = createDevtools({
      workflowName: "parent",
      color: false,
      detectParallel: false,
    });
    const value = async (v: number): AsyncResult<number, never> => ok(v);
    const child = createWorkflow({ value }, { onEvent: devtools.handleEvent });
    const parent = createWorkflow({ value }, { onEvent: devtools.handleEvent });
    let duringParent:
      { id?: string | undefined; status?: string | undefined; picture: string } | undefined;
    await parent(async (step, deps) => {
      await step(() => deps.value(1), "parent first");
      await step(async () => {
        const result = await child(async (s, d) => s(() => d.value(2), "child step"));
        return ok(result.ok ? result.value : 0);
      }, "call child");
      // The child has ended; the parent's run and picture are still the parent's, still running.
      const run = devtools.getCurrentRun();
      duringParent = { id: run?.id, status: run?.status, picture: strip(devtools.render()) };
      return step(() => deps.value(3), "parent last");
    });
    const run = devtools.getCurrentRun();
    expect(duringParent?.id).toBe(run?.id);
    expect(duringParent?.status).toBe("running");
    expect(duringParent?.picture).toContain("parent first");
    expect(duringParent?.picture).toContain("call child");
    expect(duringParent?.picture).not.toContain("Completed");
    // One run, not two: the parent's is not pushed to the history by the child's start.
    expect(devtools.getHistory()).toHaveLength(0);
    expect(run?.status).toBe("success");
    const picture = strip(devtools.render());
    for (const name of ["parent first", "child step", "call child", "parent last", "Completed"])
      expect(picture).toContain(name);
    expect(devtools.renderMermaid()).toContain("parent last");
    expect(devtools.getTimeline().map((e) => [e.name, e.status])).toEqual([
      ["parent first", "success"],
      ["call child", "success"],
      ["child step", "success"],
      ["parent last", "success"],
    ]);
  });

  it("rejects a negative maxHistory", () => {
    expect(() => createDevtools({ maxHistory: -1 })).toThrow(RangeError);
  });
});

describe("quickVisualize and createConsoleLogger", () => {
  it("quickVisualize returns the ASCII picture of the run", async () => {
    const picture = await quickVisualize(
      async (handleEvent) => {
        const load = async (): AsyncResult<number, never> => ok(1);
        await createWorkflow(
          { load },
          { onEvent: handleEvent },
        )(async (step, deps) => step(() => deps.load(), "load"));
      },
      { workflowName: "quick" },
    );
    expect(strip(picture)).toContain("✓ load");
  });

  it("logs one line per event", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const logger = createConsoleLogger({ colors: false });
    logger({
      type: "step_retry",
      workflowId: "w",
      stepId: "s",
      name: "fetch",
      attempt: 1,
      maxAttempts: 3,
      delayMs: 1,
      error: "E",
      ts: 0,
    });
    logger({ type: "step_cache_hit", workflowId: "w", stepKey: "k", ts: 0 });
    expect(log.mock.calls.map((c) => String(c[0]).slice(13))).toEqual([
      "[workflow] ↻ fetch retry 1/3",
      "[workflow] ⚡ k (cached)",
    ]);
  });

  it("colours only on a TTY, never with NO_COLOR, and the colors option wins", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const event: WorkflowEvent<unknown> = { type: "workflow_start", workflowId: "w", ts: 0 };
    const coloured = (options?: { colors?: boolean }) => {
      log.mockClear();
      createConsoleLogger(options)(event);
      return String(log.mock.calls[0]?.[0]).includes(`${String.fromCharCode(27)}[`);
    };
    vi.stubEnv("NO_COLOR", undefined);
    setTTY(true);
    expect(coloured()).toBe(true);
    expect(coloured({ colors: false })).toBe(false);
    setTTY(false);
    expect(coloured()).toBe(false);
    expect(coloured({ colors: true })).toBe(true);
    setTTY(true);
    vi.stubEnv("NO_COLOR", "1");
    expect(coloured()).toBe(false);
    expect(coloured({ colors: true })).toBe(true);
  });
});
