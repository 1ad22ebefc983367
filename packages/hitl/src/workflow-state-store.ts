import type { SavedWorkflowState, WorkflowStateListOptions } from "@awaitly/core";

// The store contract lives in core (every store package may import it); hitl keeps its names.
export type {
  SavedWorkflowState,
  WorkflowStateStore,
  WorkflowStateListOptions,
} from "@awaitly/core";

/** @internal The `list` filter shared by the built-in stores. */
export function matchesList(
  state: SavedWorkflowState,
  options: WorkflowStateListOptions | undefined,
): boolean {
  if (options?.workflowName && state.workflowName !== options.workflowName) return false;
  const wantPending = options?.hasPendingApprovals;
  return wantPending === undefined || state.pendingApprovals.length > 0 === wantPending;
}
