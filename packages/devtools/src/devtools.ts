import type { WorkflowEvent } from "@awaitly/core";
import { createVisualizer } from "@awaitly/visualize";
import { diffRuns, outcomeStatus } from "./diff";
import { buildTimeline, formatTimeline } from "./timeline";
import type { Devtools, DevtoolsOptions, RunStatus, WorkflowRun } from "./types";

const isRunStatus = (value: unknown): value is RunStatus =>
  value === "running" || value === "success" || value === "error" || value === "waiting";

/**
 * An `onEvent` listener that records runs (bounded history), renders the current one, draws its
 * timeline and diffs runs.
 * @example
 * const devtools = createDevtools({ workflowName: "checkout" });
 * const workflow = createWorkflow(deps, { onEvent: devtools.handleEvent });
 * await workflow(body);
 * console.log(devtools.renderTimeline());
 */
export function createDevtools(options: DevtoolsOptions = {}): Devtools {
  const maxHistory = options.maxHistory ?? 10;
  if (!Number.isInteger(maxHistory) || maxHistory < 0) {
    throw new RangeError(
      `createDevtools: maxHistory must be a whole number ≥ 0, got ${String(maxHistory)}`,
    );
  }
  const log = options.logger ?? console.log;
  const visualizer = createVisualizer(options);
  let history: WorkflowRun[] = [];
  let currentRun: WorkflowRun | undefined;
  // The timeline's origin is the run's own workflow_start timestamp, so replayed events line up.
  let startTs = 0;
  // Runs started while the current one runs (nested workflows on the same listener), by
  // workflowId: they belong to the current run, and their end does not end it.
  let nested = new Map<string, number>();

  const getRun = (id: string) =>
    currentRun?.id === id ? currentRun : history.find((r) => r.id === id);
  const end = (success: boolean, error: unknown) => {
    if (!currentRun) return;
    currentRun.endTime = Date.now();
    currentRun.durationMs = currentRun.endTime - currentRun.startTime;
    currentRun.success = success;
    currentRun.error = error;
    currentRun.status = outcomeStatus(success, error);
  };

  return {
    handleEvent(event: WorkflowEvent<unknown, unknown>) {
      if (options.logEvents) log(`[devtools] ${event.type}: ${JSON.stringify(event)}`);
      if (event.type === "workflow_start" && currentRun?.status === "running") {
        nested.set(event.workflowId, (nested.get(event.workflowId) ?? 0) + 1);
      } else if (event.type === "workflow_start") {
        nested = new Map();
        if (currentRun) {
          history.push(currentRun);
          while (history.length > maxHistory) history.shift();
        }
        startTs = event.ts;
        currentRun = {
          id: event.workflowId,
          name: options.workflowName,
          startTime: Date.now(),
          status: "running",
          events: [],
        };
        visualizer.reset();
      }
      currentRun?.events.push(event);
      visualizer.handleEvent(event);
      if (event.type !== "workflow_success" && event.type !== "workflow_error") return;
      const open = nested.get(event.workflowId);
      if (open !== undefined) {
        // A nested run ended: only its own part closes.
        if (open > 1) nested.set(event.workflowId, open - 1);
        else nested.delete(event.workflowId);
      } else if (event.type === "workflow_success") end(true, undefined);
      else end(false, event.error);
    },
    handleDecisionEvent(event) {
      if (options.logEvents) log(`[devtools] ${event.type}: ${JSON.stringify(event)}`);
      currentRun?.events.push(event);
      visualizer.handleDecisionEvent(event);
    },
    handleSagaEvent(event) {
      if (options.logEvents) log(`[devtools] ${event.type}: ${JSON.stringify(event)}`);
      visualizer.handleSagaEvent(event);
    },
    getCurrentRun: () => currentRun,
    getHistory: () => [...history],
    getRun,
    diff(id1, id2) {
      const a = getRun(id1);
      const b = getRun(id2);
      return a && b ? diffRuns(a, b) : undefined;
    },
    diffWithPrevious() {
      const previous = history[history.length - 1];
      return currentRun && previous ? diffRuns(previous, currentRun) : undefined;
    },
    render: () => visualizer.render(),
    renderAs: (format) => visualizer.renderAs(format),
    renderMermaid: () => visualizer.renderAs("mermaid"),
    getTimeline: () => (currentRun ? buildTimeline(currentRun.events, startTs) : []),
    renderTimeline() {
      return formatTimeline(currentRun ? buildTimeline(currentRun.events, startTs) : []);
    },
    clearHistory() {
      history = [];
    },
    reset() {
      currentRun = undefined;
      nested = new Map();
      visualizer.reset();
    },
    exportRun(runId) {
      const run = runId ? getRun(runId) : currentRun;
      return run
        ? JSON.stringify(
            run,
            (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v),
            2,
          )
        : "{}";
    },
    importRun(json) {
      const parsed = JSON.parse(json) as Omit<WorkflowRun, "status"> & { status?: unknown };
      if (
        typeof parsed !== "object" ||
        parsed === null ||
        typeof parsed.id !== "string" ||
        !Array.isArray(parsed.events)
      ) {
        throw new TypeError("importRun: expected an exported run ({ id, startTime, events, … })");
      }
      // Runs exported before `status` existed carry only `success` and `error`.
      const run: WorkflowRun = {
        ...parsed,
        status: isRunStatus(parsed.status)
          ? parsed.status
          : outcomeStatus(parsed.success, parsed.error),
      };
      history.push(run);
      while (history.length > maxHistory) history.shift();
      return run;
    },
  };
}

/** Runs `workflowFn` with a fresh devtools listener and returns the ASCII picture of the run. */
export function quickVisualize(
  workflowFn: (handleEvent: (event: WorkflowEvent<unknown>) => void) => Promise<unknown>,
  options: DevtoolsOptions = {},
): Promise<string> {
  const devtools = createDevtools(options);
  return workflowFn(devtools.handleEvent).then(() => devtools.render());
}
