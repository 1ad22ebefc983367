import type { ScopeType, WorkflowEvent } from "@awaitly/core";
import type {
  ActiveStepSnapshot,
  DecisionBranch,
  FlowNode,
  StepState,
  WorkflowHooks,
} from "../../types";

/** The workflow events of the given kinds. */
export type EventOf<TType extends WorkflowEvent<unknown>["type"]> = Extract<
  WorkflowEvent<unknown>,
  { type: TType }
>;

/** A parallel, allSettled or race scope that has started and not ended. */
export type ScopeFrame = {
  id: string;
  name: string | undefined;
  type: ScopeType;
  startTs: number;
  children: FlowNode[];
};
/** A decision that has started and not ended, with the branches reported so far. */
export type DecisionFrame = {
  id: string;
  name: string | undefined;
  condition: string | undefined;
  decisionValue: unknown;
  startTs: number;
  branches: Map<string, DecisionBranch>;
};
/** A running step and the scope it started in (where it is drawn until it ends). */
export type ActiveStep = ActiveStepSnapshot & { scope: ScopeFrame | undefined };

/** What one IR builder knows of the run it draws; the per-kind handlers change it in place. */
export interface IRState {
  workflowId: string | undefined;
  rootId: string | undefined;
  rootState: StepState;
  rootStart: number | undefined;
  rootDuration: number | undefined;
  rootError: unknown;
  createdAt: number;
  lastUpdatedAt: number;
  hooks: WorkflowHooks;
  rootList: FlowNode[];
  // Keyed by `activeKey`: step ids are counted per run, so a nested run's `step_1` is not its
  // parent's `step_1`.
  active: Map<string, ActiveStep>;
  // Runs started while this one runs (nested workflows on the same listener), by workflowId.
  nested: Map<string, number>;
  // The run the held shouldRun/onBeforeStart hooks came from (they arrive before its start).
  gateRunId: string | undefined;
  scopes: ScopeFrame[];
  decisions: DecisionFrame[];
}

/** A builder's state before its first event. */
export function createIRState(): IRState {
  const createdAt = Date.now();
  return {
    workflowId: undefined,
    rootId: undefined,
    rootState: "pending",
    rootStart: undefined,
    rootDuration: undefined,
    rootError: undefined,
    createdAt,
    lastUpdatedAt: createdAt,
    hooks: { onAfterStep: new Map() },
    rootList: [],
    active: new Map(),
    nested: new Map(),
    gateRunId: undefined,
    scopes: [],
    decisions: [],
  };
}

/**
 * Forgets the run's nodes and outcome, not the snapshots already taken nor the shouldRun and
 * onBeforeStart hooks (their events come before the next run's workflow_start).
 */
export function clearRun(s: IRState): void {
  s.rootStart = undefined;
  s.rootDuration = undefined;
  s.rootError = undefined;
  s.rootList = [];
  s.active = new Map();
  s.nested = new Map();
  s.scopes = [];
  s.decisions = [];
}

/** The first event of the next run after the previous one ended: a fresh diagram. */
export function startFresh(s: IRState, runId: string): void {
  clearRun(s);
  s.hooks = { onAfterStep: new Map() };
  s.rootState = "pending";
  s.workflowId = runId;
  s.rootId = runId;
}

/**
 * The key of a step in `active`: the root run's steps by their plain id (no string built per
 * event), a nested run's by workflowId + id.
 */
export const activeKey = (s: IRState, runId: string, stepId: string) =>
  runId === s.workflowId || s.workflowId === undefined ? stepId : `${runId}\u0000${stepId}`;

/** True once the root run has an outcome. */
export const ended = (s: IRState) =>
  s.rootState === "success" || s.rootState === "error" || s.rootState === "waiting";

/** An event of a run nested in the running root (a child workflow on the same listener). */
export const isNestedRun = (s: IRState, runId: string) =>
  s.rootState === "running" && s.workflowId !== undefined && runId !== s.workflowId;

/** A nested run's step ids are prefixed with its workflowId, so no two nodes share an id. */
export const nodeId = (s: IRState, runId: string, id: string) =>
  isNestedRun(s, runId) ? `${runId}/${id}` : id;

/**
 * Puts a finished node where it belongs: the taken branch of the open decision, else the open
 * scope, else the root.
 */
export function addNode(s: IRState, node: FlowNode): void {
  const decision = s.decisions.at(-1);
  if (decision && decision.branches.size > 0) {
    const branches = [...decision.branches.values()];
    (branches.find((b) => b.taken) ?? branches[0]!).children.push(node);
    return;
  }
  const scope = s.scopes.at(-1);
  if (scope) scope.children.push(node);
  else s.rootList.push(node);
}
