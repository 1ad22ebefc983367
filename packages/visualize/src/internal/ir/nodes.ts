import type {
  ActiveStepSnapshot,
  FlowNode,
  ParallelNode,
  RaceNode,
  ScopeEndEvent,
  StepNode,
  StepState,
} from "../../types";
import type { ScopeFrame } from "./state";

/** Children all done → success; any error → error; any waiting → waiting; any running → running; else pending. */
export function deriveState(children: FlowNode[]): StepState {
  if (children.length === 0) return "success";
  if (children.some((c) => c.state === "error")) return "error";
  if (children.some((c) => c.state === "waiting")) return "waiting";
  if (children.every((c) => c.state === "success" || c.state === "cached")) return "success";
  if (children.some((c) => c.state === "running")) return "running";
  return "pending";
}

/** How a step ended: `error` is present only for a step that failed. */
export type StepEnd = { ts: number; durationMs: number; error?: unknown };

/** The node of a started step: running without `end`, finished with it. */
export function stepNode(step: ActiveStepSnapshot, state: StepState, end?: StepEnd): StepNode {
  const node: StepNode = {
    type: "step",
    id: step.id,
    name: step.name,
    key: step.key,
    state,
    startTs: step.startTs,
  };
  if (end) {
    node.endTs = end.ts;
    node.durationMs = end.durationMs;
    if ("error" in end) node.error = end.error;
  }
  if (step.retryCount > 0) node.retryCount = step.retryCount;
  if (step.timedOut) {
    node.timedOut = true;
    node.timeoutMs = step.timeoutMs;
  }
  return node;
}

/** The node of a scope: running without `end`, its state derived from its children with it. */
export function scopeNode(
  frame: ScopeFrame,
  children: FlowNode[],
  end?: ScopeEndEvent,
): ParallelNode | RaceNode {
  const state = end ? deriveState(children) : "running";
  const common = {
    id: frame.id,
    name: frame.name,
    state,
    startTs: frame.startTs,
    endTs: end?.ts,
    durationMs: end?.durationMs,
    children,
  };
  return frame.type === "race"
    ? { type: "race", ...common, winnerId: end?.winnerId }
    : { type: "parallel", ...common, mode: frame.type === "allSettled" ? "allSettled" : "all" };
}
