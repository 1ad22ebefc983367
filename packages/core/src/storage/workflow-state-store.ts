import type { ResumeState } from "../workflow/types";

/** A paused run as the HITL orchestrator saves it. */
export interface SavedWorkflowState {
  runId: string;
  workflowName: string;
  /** Every keyed step completed so far (Map-based; JSON stores serialise it themselves). */
  resumeState: ResumeState;
  /** Step keys the run waits for. */
  pendingApprovals: string[];
  input?: unknown;
  metadata?: Record<string, unknown> | undefined;
  /** When the run was first executed (epoch ms). */
  startedAt: number;
  /** When the state was last saved (epoch ms). */
  updatedAt: number;
}

/** Filters of `WorkflowStateStore.list`. */
export interface WorkflowStateListOptions {
  /** Only runs of this workflow. Defaults to all. */
  workflowName?: string | undefined;
  /** Only runs with (`true`) or without (`false`) pending approvals. Defaults to all. */
  hasPendingApprovals?: boolean | undefined;
}

/** Where paused runs live, keyed by run id. */
export interface WorkflowStateStore {
  save(state: SavedWorkflowState): Promise<void>;
  load(runId: string): Promise<SavedWorkflowState | undefined>;
  delete(runId: string): Promise<void>;
  list(options?: WorkflowStateListOptions): Promise<string[]>;
  findByPendingApproval(approvalKey: string): Promise<string[]>;
}
