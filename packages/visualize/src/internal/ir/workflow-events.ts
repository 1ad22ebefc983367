import { isSuspended } from "@awaitly/core";
import { ended, startFresh, type EventOf, type IRState } from "./state";

/** A run starts: the root's, or a nested run's drawn inside the running root. */
export function workflowStart(s: IRState, event: EventOf<"workflow_start">): void {
  // A run starting while this one runs (a nested workflow on the same listener) is drawn
  // inside it, and its end closes only its own part.
  if (s.rootState === "running" && s.workflowId !== undefined) {
    s.nested.set(event.workflowId, (s.nested.get(event.workflowId) ?? 0) + 1);
    return;
  }
  // Any run after this one ended, the same workflowId (a re-run or resume) included, gets
  // its own diagram. Snapshots stay.
  if (ended(s)) startFresh(s, event.workflowId);
  // Gates held from another run (one its gate skipped) are not this run's.
  if (s.gateRunId !== event.workflowId) s.hooks = { onAfterStep: new Map() };
  s.gateRunId = undefined;
  s.workflowId = event.workflowId;
  s.rootId = event.workflowId;
  s.rootStart = event.ts;
  s.rootState = "running";
  s.createdAt = s.lastUpdatedAt;
  s.hooks = { ...s.hooks, onAfterStep: new Map() };
}

/** A run ends: the root's outcome, or only the close of a nested run. */
export function workflowEnd(
  s: IRState,
  event: EventOf<"workflow_success" | "workflow_error">,
): void {
  if (endNested(s, event.workflowId)) return;
  if (event.type === "workflow_success") {
    s.rootState = "success";
  } else {
    s.rootState = isSuspended(event.error) ? "waiting" : "error";
    s.rootError = event.error;
  }
  s.rootDuration = event.durationMs;
}

/** True when the event ends a nested run (which leaves the root as it is). */
function endNested(s: IRState, runId: string): boolean {
  const open = s.nested.get(runId);
  if (open === undefined) return false;
  if (open > 1) s.nested.set(runId, open - 1);
  else s.nested.delete(runId);
  return true;
}
