import { isSuspended, type AfterStepHook } from "@awaitly/core";
import { isLockLostError } from "@awaitly/persistence";
import { StopRun, type ActiveRun, type ActiveRuns } from "./active-runs";
import { storedStep } from "./step-timeline";

/** @internal The call hooks every run's workflow call gets; the call's context is its `ActiveRun`. */
export interface RunCallHooks {
  readonly onBeforeStep: (stepKey: string | undefined, workflowId: string, run: ActiveRun) => void;
  readonly onAfterStep: AfterStepHook<ActiveRun>;
  readonly onStepInvalidated: (
    stepKey: string,
    workflowId: string,
    run: ActiveRun,
  ) => Promise<void>;
}

/**
 * @internal One set of hooks for all runs of a worker (no closures per run): each step first checks
 * that its run may go on (not cancelled, handed over or fenced out), then the checkpoint policy's own
 * check; each done step goes to the run's checkpoint hooks. A write refused for a lost lock marks
 * the run, so it starts no further step even if the workflow catches the failure. While the
 * worker's cancel subscription is down, each done step also reads its run's cancel flag.
 */
export function createRunCallHooks(
  active: ActiveRuns,
  recheckCancel: (run: ActiveRun) => Promise<void> | undefined,
  writeStep: (run: ActiveRun, stepKey: string, entry: string) => void,
): RunCallHooks {
  const refused = (error: unknown): never => {
    if (isLockLostError(error)) active.stop(error.key, "lock-lost");
    throw error;
  };
  return {
    onBeforeStep: (stepKey, _workflowId, run) => {
      if (run.stop !== undefined) throw new StopRun(run.stop);
      if (stepKey !== undefined) {
        run.stepStarts.set(stepKey, Date.now());
        run.stepSequence.set(stepKey, ++run.stepsStarted);
      }
      run.checkpoints.onBeforeStep?.(stepKey);
    },
    // Only done steps reach the checkpointer: a step that parked the run on a pending approval runs
    // again when the run wakes, to ask the approval store for the decision.
    onAfterStep: (stepKey, result, workflowId, run, entry) => {
      const startedAt = run.stepStarts.get(stepKey);
      if (startedAt !== undefined && !(result.ok === false && isSuspended(result.error))) {
        run.stepStarts.delete(stepKey);
        writeStep(run, stepKey, storedStep(startedAt, result, run.stepSequence.get(stepKey)));
        run.stepSequence.delete(stepKey);
      }
      if (!result.ok) return undefined;
      run.stepsDone += 1;
      run.lastStep = stepKey;
      const written = run.checkpoints
        .onAfterStep(stepKey, result, workflowId, run, entry)
        .catch(refused);
      const checked = recheckCancel(run);
      return checked === undefined ? written : Promise.all([written, checked]).then(() => {});
    },
    onStepInvalidated: (stepKey, _workflowId, run) =>
      run.checkpoints.onStepInvalidated(stepKey).catch(refused),
  };
}
