import type {
  DecisionBranchEvent,
  DecisionEndEvent,
  DecisionNode,
  DecisionStartEvent,
} from "../../types";
import { deriveState } from "./nodes";
import { addNode, type IRState } from "./state";

/** A decision opens, reports a branch, or closes into one decision node. */
export function decisionEvent(
  s: IRState,
  event: DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent,
): void {
  s.lastUpdatedAt = Date.now();
  if (event.type === "decision_start") {
    s.decisions.push({
      id: event.decisionId,
      name: event.name,
      condition: event.condition,
      decisionValue: event.decisionValue,
      startTs: event.ts,
      branches: new Map(),
    });
    return;
  }
  const top = s.decisions.at(-1);
  if (event.type === "decision_branch") {
    if (!top || top.id !== event.decisionId) return;
    const known = top.branches.get(event.branchLabel);
    if (known) known.taken = event.taken;
    else
      top.branches.set(event.branchLabel, {
        label: event.branchLabel,
        condition: event.condition,
        taken: event.taken,
        children: [],
      });
    return;
  }
  const frame = s.decisions.pop();
  if (!frame || frame.id !== event.decisionId) return;
  const branches = [...frame.branches.values()];
  const node: DecisionNode = {
    type: "decision",
    id: frame.id,
    name: frame.name,
    state: deriveState(branches.filter((b) => b.taken).flatMap((b) => b.children)),
    startTs: frame.startTs,
    endTs: event.ts,
    durationMs: event.durationMs,
    condition: frame.condition,
    decisionValue: frame.decisionValue,
    branchTaken: event.branchTaken,
    branches,
  };
  addNode(s, node);
}
