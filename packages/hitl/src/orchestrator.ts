import { type ResumeState } from "@awaitly/core";
import {
  APPROVAL_EXPIRED_REASON,
  APPROVAL_NOT_FOUND_REASON,
  approvalRejected,
  isPendingApproval,
} from "./approval-errors";
import type { ApprovalStatus } from "./approval-store";
import { createHITLCollector, type HITLCollector } from "./hitl-collector";
import type {
  HITLDecisionOutcome,
  HITLExecutionResult,
  HITLOrchestrator,
  HITLOrchestratorOptions,
  HITLWorkflowFactory,
  HITLWorkflowFn,
} from "./orchestrator-types";
import { pollApproval } from "./poll-approval";
import { clearStep, injectApproval } from "./resume-state-helpers";
import { validateOrchestratorOptions } from "./internal/orchestrator-options";

type Runner = {
  factory: HITLWorkflowFactory<unknown, unknown, unknown>;
  fn: HITLWorkflowFn<unknown, unknown, unknown, unknown, unknown>;
};
type Outcome = HITLExecutionResult<unknown, unknown>;
type ResumeRun = { ran: boolean; outcome: Outcome };

const pendingKeys = (collector: HITLCollector) =>
  collector.getPendingApprovals().map((p) => p.stepKey);
const pauseReason = (result: { ok: boolean; error?: unknown }) =>
  !result.ok && isPendingApproval(result.error) ? result.error.reason : undefined;

function withRejection(state: ResumeState, stepKey: string, reason: string): ResumeState {
  const steps = new Map(state.steps);
  steps.set(stepKey, { result: approvalRejected(stepKey, reason) });
  return { steps };
}

/**
 * Runs workflows that pause at approval gates: saves paused runs, opens approval requests, and
 * resumes runs when their approvals are decided (automatically on `grantApproval`/`rejectApproval`).
 * @example
 * const hitl = createHITLOrchestrator({ approvalStore, workflowStateStore });
 * const factory = ({ resumeState, onEvent }) => createWorkflow(deps, { resumeState, onEvent });
 * const run = await hitl.execute("refunds", factory, body, { orderId: "42" });
 * if (run.status === "paused") await hitl.grantApproval(run.pendingApprovals[0]!, { by: "ada" });
 */
export function createHITLOrchestrator(options: HITLOrchestratorOptions): HITLOrchestrator {
  const { approvalStore, workflowStateStore, defaultExpirationMs, logger } =
    validateOrchestratorOptions(options);
  const runners = new Map<string, Runner>();
  const inFlight = new Map<string, Promise<ResumeRun | undefined>>();

  const register = (workflowName: string, factory: unknown, fn: unknown) => {
    runners.set(workflowName, { factory, fn } as Runner);
  };

  const openApprovals = async (keys: string[], runId: string, workflowName: string) => {
    for (const key of keys) {
      await approvalStore.createApproval(key, {
        metadata: { runId, workflowName },
        expiresAt: Date.now() + defaultExpirationMs,
      });
    }
  };

  const resumeOnce = async (runId: string, runner: Runner): Promise<ResumeRun | undefined> => {
    const saved = await workflowStateStore.load(runId);
    if (saved === undefined) return undefined;
    runners.set(saved.workflowName, runner);
    const statuses: Array<[string, ApprovalStatus]> = [];
    for (const key of saved.pendingApprovals) {
      statuses.push([key, await approvalStore.getApproval(key)]);
    }
    const open = statuses.some(([, s]) => s.status === "pending");
    const refused = statuses.some(([, s]) => s.status !== "pending" && s.status !== "approved");
    // Wait until everything is decided, unless a refusal already decides the run.
    if (open && !refused) {
      return {
        ran: false,
        outcome: { status: "paused", runId, pendingApprovals: saved.pendingApprovals },
      };
    }
    let state = saved.resumeState;
    for (const [stepKey, status] of statuses) {
      if (status.status === "approved")
        state = injectApproval(state, { stepKey, value: status.value });
      else if (status.status === "pending") state = clearStep(state, stepKey);
      else if (status.status === "rejected") state = withRejection(state, stepKey, status.reason);
      else if (status.status === "expired")
        state = withRejection(state, stepKey, APPROVAL_EXPIRED_REASON);
      else state = withRejection(state, stepKey, APPROVAL_NOT_FOUND_REASON);
    }
    const collector = createHITLCollector();
    const workflow = runner.factory({ resumeState: state, onEvent: collector.handleEvent });
    const result = await workflow(saved.input, runner.fn);
    const newPending = pendingKeys(collector);
    if (newPending.length > 0) {
      // Steps replayed from the saved state emit nothing, so keep them next to the new ones.
      const steps = new Map(state.steps);
      for (const [key, entry] of collector.getState().steps) steps.set(key, entry);
      await openApprovals(newPending, runId, saved.workflowName);
      await workflowStateStore.save({
        ...saved,
        resumeState: { steps },
        pendingApprovals: newPending,
        updatedAt: Date.now(),
      });
      logger(`Workflow ${runId} paused again, waiting for: ${newPending.join(", ")}`);
      return {
        ran: true,
        outcome: {
          status: "paused",
          runId,
          pendingApprovals: newPending,
          reason: pauseReason(result),
        },
      };
    }
    await workflowStateStore.delete(runId);
    logger(`Workflow ${runId} resumed and completed`);
    return { ran: true, outcome: { status: "resumed", runId, result } };
  };

  // One resume per run at a time in this process: a second caller joins the running one.
  const resumeRun = (runId: string, runner: Runner): Promise<ResumeRun | undefined> => {
    const running = inFlight.get(runId);
    if (running !== undefined) {
      // The running resume may have read the approvals before a decision landed; check again after it.
      return running.then((joined) =>
        joined === undefined || joined.ran ? joined : resumeRun(runId, runner),
      );
    }
    const started = resumeOnce(runId, runner).finally(() => inFlight.delete(runId));
    inFlight.set(runId, started);
    return started;
  };

  const resumeWaiting = async (key: string, autoResume: boolean | undefined) => {
    const outcome: HITLDecisionOutcome = {
      resumedWorkflows: [],
      waitingWorkflows: [],
      results: [],
    };
    for (const runId of await workflowStateStore.findByPendingApproval(key)) {
      const saved = autoResume === false ? undefined : await workflowStateStore.load(runId);
      const runner = saved && runners.get(saved.workflowName);
      if (runner === undefined) {
        outcome.waitingWorkflows.push(runId);
        continue;
      }
      try {
        const resumed = await resumeRun(runId, runner);
        if (resumed === undefined) continue;
        if (resumed.ran) {
          outcome.resumedWorkflows.push(runId);
          outcome.results.push(resumed.outcome);
        } else outcome.waitingWorkflows.push(runId);
      } catch (error) {
        logger(
          `Auto-resume of ${runId} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        outcome.waitingWorkflows.push(runId);
      }
    }
    return outcome;
  };

  return {
    registerWorkflow: register,
    async execute(workflowName, workflowFactory, workflowFn, input, opts) {
      register(workflowName, workflowFactory, workflowFn);
      const runId = opts?.runId ?? crypto.randomUUID();
      const startedAt = Date.now();
      const collector = createHITLCollector();
      const workflow = workflowFactory({ onEvent: collector.handleEvent });
      const result = await workflow(input, workflowFn);
      const pending = pendingKeys(collector);
      if (pending.length === 0) {
        logger(`Workflow ${runId} completed`);
        return { status: "completed", result };
      }
      // Requests exist before the run is findable, so a racing resume never misses one.
      await openApprovals(pending, runId, workflowName);
      await workflowStateStore.save({
        runId,
        workflowName,
        resumeState: collector.getState(),
        pendingApprovals: pending,
        input,
        metadata: opts?.metadata,
        startedAt,
        updatedAt: Date.now(),
      });
      logger(`Workflow ${runId} paused, waiting for: ${pending.join(", ")}`);
      return { status: "paused", runId, pendingApprovals: pending, reason: pauseReason(result) };
    },
    async resume(runId, workflowFactory, workflowFn) {
      const runner = { factory: workflowFactory, fn: workflowFn } as unknown as Runner;
      const resumed = await resumeRun(runId, runner);
      if (resumed === undefined) throw new Error(`Workflow run not found: ${runId}`);
      return resumed.outcome as HITLExecutionResult<never, never>;
    },
    async grantApproval(approvalKey, value, opts) {
      await approvalStore.grantApproval(approvalKey, value, { approvedBy: opts?.approvedBy });
      const grantedAt = Date.now();
      logger(`Approval ${approvalKey} granted by ${opts?.approvedBy ?? "unknown"}`);
      return { grantedAt, ...(await resumeWaiting(approvalKey, opts?.autoResume)) };
    },
    async rejectApproval(approvalKey, reason, opts) {
      await approvalStore.rejectApproval(approvalKey, reason, { rejectedBy: opts?.rejectedBy });
      const rejectedAt = Date.now();
      logger(`Approval ${approvalKey} rejected: ${reason}`);
      return { rejectedAt, ...(await resumeWaiting(approvalKey, opts?.autoResume)) };
    },
    resumeWaiting: (approvalKey) => resumeWaiting(approvalKey, true),
    pollApproval: (approvalKey, opts) => pollApproval(approvalStore, approvalKey, opts),
    getWorkflowStatus: (runId) => workflowStateStore.load(runId),
    listPendingWorkflows: (workflowName) =>
      workflowStateStore.list({ workflowName, hasPendingApprovals: true }),
    async cleanup(maxAgeMs) {
      if (!(typeof maxAgeMs === "number" && maxAgeMs >= 0)) {
        throw new RangeError(`cleanup: maxAgeMs must be a number >= 0, got ${String(maxAgeMs)}`);
      }
      const cutoff = Date.now() - maxAgeMs;
      let removed = 0;
      for (const runId of await workflowStateStore.list()) {
        const state = await workflowStateStore.load(runId);
        if (state && state.updatedAt < cutoff && state.pendingApprovals.length === 0) {
          await workflowStateStore.delete(runId);
          removed++;
        }
      }
      logger(`Cleaned up ${removed} old workflow states`);
      return removed;
    },
  };
}
