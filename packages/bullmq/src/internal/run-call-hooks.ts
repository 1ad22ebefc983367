import {
  isSuspended,
  type AfterStepHook,
  type CheckpointAnnex,
  type StepCompensation,
} from "@awaitly/core";
import { isLockLostError } from "@awaitly/persistence";
import { StopRun, type ActiveRun, type ActiveRuns } from "./active-runs";
import { STEP_FIELD, storedStep } from "./step-timeline";

/** @internal The call hooks every run's workflow call gets; the call's context is its `ActiveRun`. */
export interface RunCallHooks {
  readonly onBeforeStep: (stepKey: string | undefined, workflowId: string, run: ActiveRun) => void;
  readonly onAfterStep: AfterStepHook<ActiveRun>;
  readonly onStepInvalidated: (
    stepKey: string,
    workflowId: string,
    run: ActiveRun,
  ) => Promise<void>;
  readonly onStepCompensation: (
    compensation: StepCompensation,
    workflowId: string,
    run: ActiveRun,
  ) => Promise<void>;
}

/** @internal Where the call hooks write a run's record: its timeline entries and compensations. */
export interface RunRecordWrites {
  /** Writes a step's timeline entry by itself (not waited for: it is for people reading). */
  step: (run: ActiveRun, stepKey: string, entry: string) => void;
  /** Writes a compensation that ran; resolves once written (or reported as failed). */
  compensation: (run: ActiveRun, compensation: StepCompensation) => Promise<void>;
  /**
   * True when the checkpointer writes a done step's timeline entry in its checkpoint's own script
   * (its `annexes`): the entry waits in `run.annexed` for `annexOf` to hand it over.
   */
  annexed: boolean;
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
  write: RunRecordWrites,
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
        const stored = storedStep(startedAt, result, run.stepSequence.get(stepKey));
        run.stepSequence.delete(stepKey);
        // A done step is checkpointed: its entry goes in the same script, one round trip.
        if (result.ok && write.annexed) (run.annexed ??= new Map()).set(stepKey, stored);
        else write.step(run, stepKey, stored);
      }
      if (!result.ok) return undefined;
      run.stepsDone += 1;
      run.lastStep = stepKey;
      const written = run.checkpoints
        .onAfterStep(stepKey, result, workflowId, run, entry)
        .catch((error: unknown) => {
          // A checkpoint that never reached its script (too large, say) keeps its timeline entry.
          const pending = run.annexed?.get(stepKey);
          if (pending !== undefined && !isLockLostError(error)) {
            run.annexed?.delete(stepKey);
            write.step(run, stepKey, pending);
          }
          return refused(error);
        });
      const checked = recheckCancel(run);
      return checked === undefined ? written : Promise.all([written, checked]).then(() => {});
    },
    onStepInvalidated: (stepKey, _workflowId, run) =>
      run.checkpoints.onStepInvalidated(stepKey).catch(refused),
    onStepCompensation: (compensation, _workflowId, run) => write.compensation(run, compensation),
  };
}

/**
 * @internal The checkpointer's `annex` for one run: a done step's timeline entry, as a field of
 * the run's record, handed over once.
 */
export function annexOf(
  run: ActiveRun,
  record: string,
): (stepKey: string) => CheckpointAnnex | undefined {
  return (stepKey) => {
    const value = run.annexed?.get(stepKey);
    if (value === undefined) return undefined;
    run.annexed?.delete(stepKey);
    return { key: record, field: `${STEP_FIELD}${stepKey}`, value };
  };
}
