import type {
  Result,
  ResumeState,
  RunStep,
  Workflow,
  WorkflowContext,
  WorkflowEvent,
} from "@awaitly/core";
import type { ApprovalStatus, ApprovalStore } from "./approval-store";
import type { SavedWorkflowState, WorkflowStateStore } from "./workflow-state-store";

/** Options of `createHITLOrchestrator`. */
export interface HITLOrchestratorOptions {
  approvalStore: ApprovalStore;
  workflowStateStore: WorkflowStateStore;
  /** How long an approval request stays open, in ms. Defaults to `604_800_000` (7 days). */
  defaultExpirationMs?: number | undefined;
  /** Receives one line per pause, resume and decision. Defaults to a no-op. */
  logger?: ((message: string) => void) | undefined;
}

/**
 * What `execute` and `resume` report. The result's error is `unknown` (a run can fail with anything
 * its steps throw), so `E` does not narrow it; the parameter stays for source compatibility.
 */
export type HITLExecutionResult<T, _E> =
  | { status: "completed"; result: Result<T, unknown> }
  | { status: "paused"; runId: string; pendingApprovals: string[]; reason?: string | undefined }
  | { status: "resumed"; runId: string; result: Result<T, unknown> };

/** Options of `pollApproval`. */
export interface PollerOptions {
  /** Wait between polls, in ms. Defaults to `1000`. */
  intervalMs: number;
  /** Stop after this many polls. Defaults to unlimited. */
  maxPolls?: number | undefined;
  /** Stop polling once this many ms have passed (checked between polls). Defaults to none. */
  timeoutMs?: number | undefined;
  onPollStart?: (() => void) | undefined;
  onPollComplete?: ((result: ApprovalStatus) => void) | undefined;
}

/** What the orchestrator hands the workflow factory: forward both to `createWorkflow`. */
export interface HITLWorkflowFactoryOptions {
  resumeState?: ResumeState | undefined;
  onEvent: (event: WorkflowEvent<unknown>) => void;
}

/** Builds the workflow for one execution; must forward `onEvent` and `resumeState`. */
export type HITLWorkflowFactory<E = unknown, Deps = unknown, C = unknown> = (
  options: HITLWorkflowFactoryOptions,
) => Workflow<E, Deps, C>;

/** The workflow body the orchestrator runs: `(step, deps, input, ctx)`. */
export type HITLWorkflowFn<T, E = unknown, Deps = unknown, TInput = unknown, C = unknown> = (
  step: RunStep<E>,
  deps: Deps,
  input: TInput,
  ctx: WorkflowContext<C>,
) => Promise<T>;

/** What a grant or rejection did to the runs waiting for that key. */
export interface HITLDecisionOutcome {
  /** Runs this decision resumed (they ran to completion or to their next pause). */
  resumedWorkflows: string[];
  /** Runs waiting for the key that were not resumed: other approvals are still open, or their workflow is not registered. */
  waitingWorkflows: string[];
  /** The outcome of each resumed run, in `resumedWorkflows` order. */
  results: Array<HITLExecutionResult<unknown, unknown>>;
}

/** Options of a grant or rejection through the orchestrator. */
export interface HITLDecisionOptions {
  /** Resume the runs waiting for this key. Defaults to `true`. */
  autoResume?: boolean | undefined;
}

/** Pauses workflows at approval gates, records decisions and resumes the runs. */
export interface HITLOrchestrator {
  execute<T, E, TInput, Deps = unknown, C = unknown>(
    workflowName: string,
    workflowFactory: HITLWorkflowFactory<E, Deps, C>,
    workflowFn: HITLWorkflowFn<T, E, Deps, TInput, C>,
    input: TInput,
    options?: { runId?: string | undefined; metadata?: Record<string, unknown> | undefined },
  ): Promise<HITLExecutionResult<T, E>>;
  resume<T, E, TInput, Deps = unknown, C = unknown>(
    runId: string,
    workflowFactory: HITLWorkflowFactory<E, Deps, C>,
    workflowFn: HITLWorkflowFn<T, E, Deps, TInput, C>,
  ): Promise<HITLExecutionResult<T, E>>;
  /** Makes runs of `workflowName` resumable by grants and rejections (`execute`/`resume` register too). */
  registerWorkflow<T, E, TInput, Deps = unknown, C = unknown>(
    workflowName: string,
    workflowFactory: HITLWorkflowFactory<E, Deps, C>,
    workflowFn: HITLWorkflowFn<T, E, Deps, TInput, C>,
  ): void;
  grantApproval<T>(
    approvalKey: string,
    value: T,
    options?: HITLDecisionOptions & { approvedBy?: string | undefined },
  ): Promise<HITLDecisionOutcome & { grantedAt: number }>;
  rejectApproval(
    approvalKey: string,
    reason: string,
    options?: HITLDecisionOptions & { rejectedBy?: string | undefined },
  ): Promise<HITLDecisionOutcome & { rejectedAt: number }>;
  /** Resumes the registered runs waiting for `approvalKey` (after a decision made elsewhere, e.g. a webhook). */
  resumeWaiting(approvalKey: string): Promise<HITLDecisionOutcome>;
  pollApproval<T>(approvalKey: string, options?: PollerOptions): Promise<ApprovalStatus<T>>;
  getWorkflowStatus(runId: string): Promise<SavedWorkflowState | undefined>;
  listPendingWorkflows(workflowName?: string): Promise<string[]>;
  cleanup(maxAgeMs: number): Promise<number>;
}
