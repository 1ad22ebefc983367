import type { WorkflowEvent } from "../run/events";
import type { ResumeStateEntry } from "../run/step-cache";
import type { ResumeState } from "./types";

/** True for a `step_complete` event. */
export function isStepComplete(
  event: WorkflowEvent<unknown>,
): event is Extract<WorkflowEvent<unknown>, { type: "step_complete" }> {
  return event.type === "step_complete";
}

/**
 * Collects `step_complete` events into a `ResumeState`; pass `handleEvent` as `onEvent`. Only
 * successful keyed steps count as done: a failed one is left out (and forgotten if it had
 * succeeded before), and so is one forgotten by `step.invalidate` (`step_invalidated`), so a run
 * resumed from this state runs it again.
 * @example
 * const collector = createStepCollector();
 * const workflow = createWorkflow(deps, { onEvent: collector.handleEvent });
 * await workflow(fn);
 * const state = collector.getState(); // resume later with { resumeState: state }
 */
export function createStepCollector(): {
  handleEvent: (event: WorkflowEvent<unknown>) => void;
  getState: () => ResumeState;
  clear: () => void;
} {
  const steps = new Map<string, ResumeStateEntry>();
  return {
    handleEvent: (event) => {
      if (event.type === "step_invalidated") steps.delete(event.stepKey);
      if (!isStepComplete(event)) return;
      if (!event.result.ok) {
        steps.delete(event.stepKey);
        return;
      }
      const entry: ResumeStateEntry = { result: event.result, meta: event.meta };
      if (event.order !== undefined) entry.order = event.order;
      steps.set(event.stepKey, entry);
    },
    getState: () => ({ steps: new Map(steps) }),
    clear: () => steps.clear(),
  };
}
