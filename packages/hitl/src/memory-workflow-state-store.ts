import {
  matchesList,
  type SavedWorkflowState,
  type WorkflowStateStore,
} from "./workflow-state-store";
import { settle } from "./internal/settle";

// Copies on the way in and out, so callers cannot change stored runs through references.
const copy = (state: SavedWorkflowState): SavedWorkflowState => ({
  ...state,
  resumeState: { steps: new Map(state.resumeState.steps) },
  pendingApprovals: [...state.pendingApprovals],
});

/**
 * An in-process `WorkflowStateStore` for development and tests (unbounded; lost on restart).
 * @example
 * const workflowStateStore = createMemoryWorkflowStateStore();
 */
export function createMemoryWorkflowStateStore(): WorkflowStateStore {
  const states = new Map<string, SavedWorkflowState>();
  return {
    save: (state) =>
      settle(() => {
        states.set(state.runId, { ...copy(state), updatedAt: Date.now() });
      }),
    load: (runId) =>
      settle(() => {
        const state = states.get(runId);
        return state === undefined ? undefined : copy(state);
      }),
    delete: (runId) =>
      settle(() => {
        states.delete(runId);
      }),
    list: (options) =>
      settle(() => [...states.values()].filter((s) => matchesList(s, options)).map((s) => s.runId)),
    findByPendingApproval: (approvalKey) =>
      settle(() =>
        [...states.values()]
          .filter((s) => s.pendingApprovals.includes(approvalKey))
          .map((s) => s.runId),
      ),
  };
}
