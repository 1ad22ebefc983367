import type { WorkflowEvent } from "@awaitly/core";
import type {
  CollectableEvent,
  DecisionBranchEvent,
  DecisionEndEvent,
  DecisionStartEvent,
  OutputFormat,
  SagaEventLike,
  VisualizerOptions,
} from "@awaitly/visualize";

/**
 * Where a run is: still `running`, ended in `success` or `error`, or `waiting` (stopped on a human
 * approval: its error is suspended, per `isSuspended` from `@awaitly/core`, so it is paused rather
 * than failed).
 */
export type RunStatus = "running" | "success" | "error" | "waiting";
/** One recorded run. */
export interface WorkflowRun {
  id: string;
  name?: string | undefined;
  startTime: number;
  endTime?: number | undefined;
  durationMs?: number | undefined;
  /** How the run stands; a run paused on an approval is `waiting` (and `success` is `false`). */
  status: RunStatus;
  success?: boolean | undefined;
  error?: unknown;
  events: CollectableEvent[];
  metadata?: Record<string, unknown> | undefined;
}
/** One difference between two runs. */
export interface StepDiff {
  step: string;
  type: "added" | "removed" | "status" | "duration" | "error";
  from?: unknown;
  to?: unknown;
}
/** How a run differs from another. */
export interface RunDiff {
  added: StepDiff[];
  removed: StepDiff[];
  changed: StepDiff[];
  unchanged: string[];
  statusChange?: { from: RunStatus; to: RunStatus } | undefined;
  durationChange?: number | undefined;
}
/** One step on the timeline (ms relative to the run's start). */
export interface TimelineEntry {
  name: string;
  key?: string | undefined;
  startMs: number;
  endMs?: number | undefined;
  durationMs?: number | undefined;
  /** `waiting`: paused on a human approval (the step's error is suspended: `isSuspended`). */
  status: "pending" | "running" | "success" | "error" | "skipped" | "cached" | "waiting";
  error?: unknown;
  parent?: string | undefined;
  attempt?: number | undefined;
  /** The step's work was undone afterwards (a saga compensation, `step.invalidate`). */
  compensated?: boolean | undefined;
}
/** Options of `createDevtools`. */
export interface DevtoolsOptions extends VisualizerOptions {
  /** Log every event through `logger`. Defaults to `false`. */
  logEvents?: boolean | undefined;
  /** Finished runs kept in history. Defaults to `10`. */
  maxHistory?: number | undefined;
  /** Receives log lines. Defaults to `console.log`. */
  logger?: ((message: string) => void) | undefined;
}
/** Devtools: an `onEvent` listener with history, timeline, diffs and rendering. */
export interface Devtools {
  handleEvent: (event: WorkflowEvent<unknown, unknown>) => void;
  handleDecisionEvent: (event: DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent) => void;
  /**
   * Takes `@awaitly/saga` events (pass it as a saga's `onEvent`), so the rendered run draws a step
   * whose compensation ran as compensated. Steps forgotten with `step.invalidate` (`runSagaStep`
   * with `checkpointedStep`) are drawn so, on the timeline too, from `handleEvent` alone.
   */
  handleSagaEvent: (event: SagaEventLike) => void;
  getCurrentRun: () => WorkflowRun | undefined;
  getHistory: () => WorkflowRun[];
  getRun: (id: string) => WorkflowRun | undefined;
  diff: (runId1: string, runId2: string) => RunDiff | undefined;
  diffWithPrevious: () => RunDiff | undefined;
  render: () => string;
  renderAs: (format: OutputFormat) => string;
  renderMermaid: () => string;
  renderTimeline: () => string;
  getTimeline: () => TimelineEntry[];
  clearHistory: () => void;
  reset: () => void;
  exportRun: (runId?: string) => string;
  importRun: (json: string) => WorkflowRun;
}
