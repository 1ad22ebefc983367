import {
  createStepCollector,
  isStepComplete,
  ok,
  type ResumeState,
  type ResumeStateEntry,
  type WorkflowEvent,
} from "@awaitly/core";
import { isPendingApproval, type PendingApproval } from "./approval-errors";

/** What `createHITLCollector` returns. */
export interface HITLCollector {
  /** Records `step_complete` events; pass it as a workflow's `onEvent`. */
  handleEvent: (event: WorkflowEvent<unknown>) => void;
  /** The collected steps as a fresh `ResumeState`: successful steps, then pending or injected approvals. */
  getState: () => ResumeState;
  /** Forgets every collected step. */
  clear: () => void;
  /** True when a collected step failed with `PendingApproval`. */
  hasPendingApprovals: () => boolean;
  /** The collected `PendingApproval` failures in completion order. */
  getPendingApprovals: () => Array<{ stepKey: string; error: PendingApproval }>;
  /** Records `stepKey` as approved with `value` (mutating the collector) and returns the state. */
  injectApproval: <T>(stepKey: string, value: T) => ResumeState;
}

/**
 * Core's step collector plus approvals: like `createStepCollector`, only successful keyed steps
 * count as done (a failed one, or one forgotten by `step.invalidate`, runs again on resume), except
 * a step waiting for a human approval, which is kept so that injecting the approval resumes the run
 * past it.
 * @example
 * const collector = createHITLCollector();
 * const workflow = createWorkflow(deps, { onEvent: collector.handleEvent });
 * await workflow(body);
 * if (collector.hasPendingApprovals()) await save(collector.getState());
 */
export function createHITLCollector(): HITLCollector {
  const done = createStepCollector();
  // Pending gates and injected approvals: the entries core's collector leaves out or never sees.
  const approvals = new Map<string, ResumeStateEntry>();
  const pending = (): Array<{ stepKey: string; error: PendingApproval }> => {
    const found: Array<{ stepKey: string; error: PendingApproval }> = [];
    for (const [stepKey, entry] of approvals) {
      if (!entry.result.ok && isPendingApproval(entry.result.error)) {
        found.push({ stepKey, error: entry.result.error });
      }
    }
    return found;
  };
  const getState = (): ResumeState => {
    const state = done.getState();
    for (const [stepKey, entry] of approvals) state.steps.set(stepKey, entry);
    return state;
  };
  return {
    handleEvent: (event) => {
      done.handleEvent(event);
      if (event.type === "step_invalidated") approvals.delete(event.stepKey);
      if (!isStepComplete(event)) return;
      if (!event.result.ok && isPendingApproval(event.result.error)) {
        approvals.set(event.stepKey, { result: event.result, meta: event.meta });
      } else approvals.delete(event.stepKey);
    },
    getState,
    clear: () => {
      done.clear();
      approvals.clear();
    },
    hasPendingApprovals: () => pending().length > 0,
    getPendingApprovals: pending,
    injectApproval: (stepKey, value) => {
      approvals.set(stepKey, { result: ok(value) });
      return getState();
    },
  };
}
