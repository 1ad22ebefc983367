import type { ScopeType, WorkflowEvent } from "@awaitly/core";

export type { ScopeType };

/** `scope_start` as the visualizer reads it. */
export interface ScopeStartEvent {
  type: "scope_start";
  workflowId: string;
  scopeId: string;
  scopeType: ScopeType;
  name?: string | undefined;
  ts: number;
}
/** `scope_end` as the visualizer reads it. */
export interface ScopeEndEvent {
  type: "scope_end";
  workflowId: string;
  scopeId: string;
  ts: number;
  durationMs: number;
  winnerId?: string | undefined;
}
/** Emitted by `trackDecision` when a decision starts. */
export interface DecisionStartEvent {
  type: "decision_start";
  workflowId: string;
  decisionId: string;
  condition?: string | undefined;
  decisionValue?: unknown;
  name?: string | undefined;
  ts: number;
}
/** Emitted by `trackDecision` for each branch. */
export interface DecisionBranchEvent {
  type: "decision_branch";
  workflowId: string;
  decisionId: string;
  branchLabel: string;
  condition?: string | undefined;
  taken: boolean;
  ts: number;
}
/** Emitted by `trackDecision` when a decision ends. */
export interface DecisionEndEvent {
  type: "decision_end";
  workflowId: string;
  decisionId: string;
  branchTaken?: string | boolean | undefined;
  ts: number;
  durationMs: number;
}
/** `step_skipped` as the visualizer reads it. */
export interface StepSkippedEvent {
  type: "step_skipped";
  workflowId: string;
  stepKey?: string | undefined;
  name?: string | undefined;
  reason?: string | undefined;
  decisionId?: string | undefined;
  ts: number;
}
/**
 * An `@awaitly/saga` event as the visualizer reads it (declared here: no dependency on the saga
 * package). Every `SagaEvent` fits, so `viz.handleSagaEvent` can be a saga's `onEvent`; only a
 * successful `saga_compensation_step` changes the picture.
 */
export interface SagaEventLike {
  type: string;
  stepName?: string | undefined;
  success?: boolean | undefined;
}
/** A scope event: `scope_start` or `scope_end`. */
export type ScopeEvent = ScopeStartEvent | ScopeEndEvent;
/** A decision event: `decision_start`, `decision_branch` or `decision_end`. */
export type DecisionEvent = DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent;
/** Anything a collector stores: workflow events and decision events. */
export type CollectableEvent =
  WorkflowEvent<unknown> | DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent;

/**
 * What a node is doing. `waiting` is a step paused on a human approval (its error is a
 * suspended one: `isSuspended` from `@awaitly/core`), and a workflow stopped on one: not a failure.
 */
export type StepState =
  "pending" | "running" | "success" | "error" | "aborted" | "cached" | "skipped" | "waiting";

/** Fields every node of the IR has: identity, state, timing, error, retries and timeout. */
export interface BaseNode {
  id: string;
  name?: string | undefined;
  key?: string | undefined;
  state: StepState;
  startTs?: number | undefined;
  endTs?: number | undefined;
  durationMs?: number | undefined;
  error?: unknown;
  input?: unknown;
  output?: unknown;
  retryCount?: number | undefined;
  timedOut?: boolean | undefined;
  timeoutMs?: number | undefined;
  /**
   * The step succeeded and its work was then undone: a saga compensation ran for it, or
   * `step.invalidate` forgot it. Its `state` stays what it was (`success`, `cached`); every view
   * draws it as compensated (`↩`), never as a plain success. Defaults to absent.
   */
  compensated?: boolean | undefined;
}
/** One step of the run. */
export interface StepNode extends BaseNode {
  type: "step";
}
/** Steps in sequence; the IR builder never creates one. */
export interface SequenceNode extends BaseNode {
  type: "sequence";
  children: FlowNode[];
}
/** Steps that ran together: a `parallel`/`allSettled` scope, or a detected group (`detected_…` id). */
export interface ParallelNode extends BaseNode {
  type: "parallel";
  children: FlowNode[];
  mode: "all" | "allSettled";
}
/** A race scope; `winnerId` is the step that won. */
export interface RaceNode extends BaseNode {
  type: "race";
  children: FlowNode[];
  winnerId?: string | undefined;
}
/** One branch of a decision, with the steps that ran in it. */
export interface DecisionBranch {
  label: string;
  condition?: string | undefined;
  taken: boolean;
  children: FlowNode[];
}
/** A tracked decision (`trackIf`, `trackSwitch`, `trackDecision`) and its branches. */
export interface DecisionNode extends BaseNode {
  type: "decision";
  condition?: string | undefined;
  decisionValue?: unknown;
  branchTaken?: string | boolean | undefined;
  branches: DecisionBranch[];
}
/** Any node below the workflow root. */
export type FlowNode = StepNode | SequenceNode | ParallelNode | RaceNode | DecisionNode;
/** The root of the IR: the run itself. */
export interface WorkflowNode extends BaseNode {
  type: "workflow";
  workflowId: string;
  children: FlowNode[];
}
/** State of a workflow hook execution. */
export type HookState = "pending" | "running" | "success" | "error";
/** One run of a workflow hook (`shouldRun`, `onBeforeStart`, `onAfterStep`). */
export interface HookExecution {
  type: "shouldRun" | "onBeforeStart" | "onAfterStep";
  state: HookState;
  ts: number;
  durationMs?: number | undefined;
  error?: unknown;
  context?:
    | { stepKey?: string | undefined; result?: boolean | undefined; skipped?: boolean | undefined }
    | undefined;
}
/** The hooks of a run; `onAfterStep` is keyed by step key. */
export interface WorkflowHooks {
  shouldRun?: HookExecution | undefined;
  onBeforeStart?: HookExecution | undefined;
  onAfterStep: Map<string, HookExecution>;
}
/** The picture of a run every renderer draws: a plain tree plus hook executions. */
export interface WorkflowIR {
  root: WorkflowNode;
  metadata: { createdAt: number; lastUpdatedAt: number };
  hooks?: WorkflowHooks | undefined;
}

/** A step still running when a snapshot was taken. */
export interface ActiveStepSnapshot {
  id: string;
  name?: string | undefined;
  key?: string | undefined;
  startTs: number;
  retryCount: number;
  timedOut: boolean;
  timeoutMs?: number | undefined;
}
/** The IR after one event, as time travel replays it. */
export interface IRSnapshot {
  id: string;
  eventIndex: number;
  event: unknown;
  ir: WorkflowIR;
  timestamp: number;
  activeSteps: Map<string, ActiveStepSnapshot>;
}

/** ANSI colour codes per state for the terminal renderers. */
export interface ColorScheme {
  pending: string;
  running: string;
  success: string;
  error: string;
  aborted: string;
  cached: string;
  skipped: string;
  /** Steps waiting for an approval. Defaults to magenta (`defaultColorScheme.waiting`). */
  waiting?: string | undefined;
  /** Steps whose work was undone. Defaults to cyan (`defaultColorScheme.compensated`). */
  compensated?: string | undefined;
}
/** Options every renderer takes. */
export interface RenderOptions {
  showTimings: boolean;
  showKeys: boolean;
  terminalWidth?: number | undefined;
  colors: ColorScheme;
  /**
   * ANSI colour and styling in the terminal renderers (ASCII, flowchart). Defaults to on only when
   * stdout is a TTY and `NO_COLOR` is unset.
   */
  color?: boolean | undefined;
}
/** A renderer: turns a `WorkflowIR` into text. */
export interface Renderer {
  readonly name: string;
  render(ir: WorkflowIR, options: RenderOptions): string;
  supportsLive?: boolean | undefined;
}
/** Formats of `renderAs` (HTML comes from `renderToHTML`). */
export type OutputFormat = "ascii" | "mermaid" | "json" | "logger" | "flowchart";
/** Options of the Mermaid renderer: which extra edges to draw. */
export interface MermaidRenderOptions extends RenderOptions {
  showRetryEdges?: boolean | undefined;
  showErrorEdges?: boolean | undefined;
  showTimeoutEdges?: boolean | undefined;
}
/** Colour theme of the HTML page; `auto` follows the browser. */
export type HTMLTheme = "light" | "dark" | "auto";
/** Direction the HTML diagram flows in. */
export type LayoutDirection = "TB" | "LR" | "BT" | "RL";
/** Options of `renderToHTML` and the HTML renderer. */
export interface HTMLRenderOptions extends RenderOptions {
  theme: HTMLTheme;
  layout: LayoutDirection;
  /** Page title; defaults to the workflow name. */
  title?: string | undefined;
  /** The dev server's WebSocket URL: the page follows the run live. Defaults to none. */
  wsUrl?: string | undefined;
  /** With `wsUrl`: show the time-travel controls (step, play, slider). Defaults to `true`. */
  timeTravel?: boolean | undefined;
  /** With `wsUrl`: show the heatmap toggle and metric picker. Defaults to `true`. */
  heatmap?: boolean | undefined;
}

/** True for a step node. */
export function isStepNode(node: FlowNode): node is StepNode {
  return node.type === "step";
}
/** True for a sequence node. */
export function isSequenceNode(node: FlowNode): node is SequenceNode {
  return node.type === "sequence";
}
/** True for a parallel node (a real scope or a detected group). */
export function isParallelNode(node: FlowNode): node is ParallelNode {
  return node.type === "parallel";
}
/** True for a race node. */
export function isRaceNode(node: FlowNode): node is RaceNode {
  return node.type === "race";
}
/** True for a decision node. */
export function isDecisionNode(node: FlowNode): node is DecisionNode {
  return node.type === "decision";
}
/** True for nodes that contain others (decisions hold theirs in branches). */
export function hasChildren(
  node: FlowNode,
): node is SequenceNode | ParallelNode | RaceNode | DecisionNode {
  return "children" in node || (node.type === "decision" && "branches" in node);
}
