import {
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
  /** The collected steps as a fresh `ResumeState`. */
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
 * A step collector that also knows which steps wait for an approval.
 * @example
 * const collector = createHITLCollector();
 * const workflow = createWorkflow(deps, { onEvent: collector.handleEvent });
 * await workflow(body);
 * if (collector.hasPendingApprovals()) await save(collector.getState());
 */
export function createHITLCollector(): HITLCollector {
  const steps = new Map<string, ResumeStateEntry>();
  const pending = (): Array<{ stepKey: string; error: PendingApproval }> => {
    const found: Array<{ stepKey: string; error: PendingApproval }> = [];
    for (const [stepKey, entry] of steps) {
      if (!entry.result.ok && isPendingApproval(entry.result.error)) {
        found.push({ stepKey, error: entry.result.error });
      }
    }
    return found;
  };
  return {
    handleEvent: (event) => {
      if (isStepComplete(event))
        steps.set(event.stepKey, { result: event.result, meta: event.meta });
    },
    getState: () => ({ steps: new Map(steps) }),
    clear: () => steps.clear(),
    hasPendingApprovals: () => pending().length > 0,
    getPendingApprovals: pending,
    injectApproval: (stepKey, value) => {
      steps.set(stepKey, { result: ok(value) });
      return { steps: new Map(steps) };
    },
  };
}
