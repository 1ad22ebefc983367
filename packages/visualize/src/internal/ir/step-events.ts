import { isSuspended } from "@awaitly/core";
import { generateId } from "../format";
import { stepNode } from "./nodes";
import { activeKey, addNode, nodeId, type EventOf, type IRState } from "./state";

/** A step starts running in the innermost open scope. */
export function stepStart(s: IRState, event: EventOf<"step_start">): void {
  const id = event.stepId ?? event.stepKey ?? event.name ?? generateId();
  s.active.set(activeKey(s, event.workflowId, id), {
    id: nodeId(s, event.workflowId, id),
    name: event.name,
    key: event.stepKey,
    startTs: event.ts,
    retryCount: 0,
    timedOut: false,
    scope: s.scopes.at(-1),
  });
}

/** A running step ends: it leaves `active` and becomes a finished node. */
export function stepEnd(
  s: IRState,
  event: EventOf<"step_success" | "step_error" | "step_aborted">,
): void {
  const id = event.stepId ?? event.stepKey ?? event.name;
  const key = id === undefined ? undefined : activeKey(s, event.workflowId, id);
  const step = key === undefined ? undefined : s.active.get(key);
  if (!step || key === undefined) return;
  s.active.delete(key);
  const end = { ts: event.ts, durationMs: event.durationMs };
  if (event.type === "step_success") addNode(s, stepNode(step, "success", end));
  else if (event.type === "step_aborted") addNode(s, stepNode(step, "aborted", end));
  else {
    const state = isSuspended(event.error) ? "waiting" : "error";
    addNode(s, stepNode(step, state, { ...end, error: event.error }));
  }
}

/** A step that never ran: served from the cache, or skipped. */
export function stepNotRun(s: IRState, event: EventOf<"step_cache_hit" | "step_skipped">): void {
  const id = event.stepKey ?? event.name ?? generateId();
  addNode(s, {
    type: "step",
    id: nodeId(s, event.workflowId, id),
    name: event.name,
    key: event.stepKey,
    state: event.type === "step_cache_hit" ? "cached" : "skipped",
    startTs: event.ts,
    endTs: event.ts,
    durationMs: 0,
  });
}

/** A running step timed out or is retried: its node will say so. */
export function stepAttempt(s: IRState, event: EventOf<"step_timeout" | "step_retry">): void {
  const step = s.active.get(activeKey(s, event.workflowId, event.stepId));
  if (!step) return;
  if (event.type === "step_timeout") {
    step.timedOut = true;
    step.timeoutMs = event.timeoutMs;
  } else {
    step.retryCount = (event.attempt ?? 1) - 1;
  }
}
