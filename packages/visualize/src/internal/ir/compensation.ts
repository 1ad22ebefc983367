import type { FlowNode, SagaEventLike, StepNode } from "../../types";
import type { EventOf, IRState } from "./state";

/**
 * `list` with its latest step that `matches` drawn as compensated, when that step had finished
 * well; `"found"` when the latest match is in another state (already compensated: the same undo
 * can be reported by `step_invalidated` and by the saga), `undefined` when nothing matches.
 * Nodes on the way are copied, never changed: snapshots taken earlier keep showing the step as it
 * was then.
 */
function compensateIn(
  list: FlowNode[],
  matches: (step: StepNode) => boolean,
): FlowNode[] | "found" | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const node = list[i]!;
    let inner: FlowNode[] | "found" | undefined;
    let replacement: FlowNode | undefined;
    if (node.type === "step") {
      if (!matches(node)) continue;
      if (node.compensated || (node.state !== "success" && node.state !== "cached")) return "found";
      replacement = { ...node, compensated: true };
    } else if (node.type === "decision") {
      for (let b = node.branches.length - 1; b >= 0 && inner === undefined; b--) {
        inner = compensateIn(node.branches[b]!.children, matches);
        if (Array.isArray(inner)) {
          const branches = [...node.branches];
          branches[b] = { ...node.branches[b]!, children: inner };
          replacement = { ...node, branches };
        }
      }
    } else {
      inner = compensateIn(node.children, matches);
      if (Array.isArray(inner)) replacement = { ...node, children: inner };
    }
    if (inner === "found") return inner;
    if (replacement) {
      const copy = [...list];
      copy[i] = replacement;
      return copy;
    }
  }
  return undefined;
}

/** Draws the latest finished step that `matches` as compensated (its work was undone). */
function compensate(s: IRState, matches: (step: StepNode) => boolean): void {
  for (let i = s.scopes.length - 1; i >= 0; i--) {
    const children = compensateIn(s.scopes[i]!.children, matches);
    if (children === "found") return;
    if (children) {
      s.scopes[i]!.children = children;
      return;
    }
  }
  for (let d = s.decisions.length - 1; d >= 0; d--) {
    for (const [label, branch] of [...s.decisions[d]!.branches].reverse()) {
      const children = compensateIn(branch.children, matches);
      if (children === "found") return;
      if (children) {
        s.decisions[d]!.branches.set(label, { ...branch, children });
        return;
      }
    }
  }
  const root = compensateIn(s.rootList, matches);
  if (Array.isArray(root)) s.rootList = root;
}

/** `step.invalidate(key)` forgets a step whose work was undone (a saga compensation). */
export function stepInvalidated(s: IRState, event: EventOf<"step_invalidated">): void {
  const key = event.stepKey;
  compensate(s, (step) => step.key === key);
}

/**
 * An `@awaitly/saga` event: a successful `saga_compensation_step` draws the latest step named
 * `stepName` (by name, else key) as compensated. The saga's other events change nothing.
 */
export function sagaEvent(s: IRState, event: SagaEventLike): void {
  s.lastUpdatedAt = Date.now();
  if (event.type !== "saga_compensation_step" || event.success !== true) return;
  const name = event.stepName;
  if (name === undefined) return;
  compensate(s, (step) => (step.name ?? step.key) === name);
}
