import {
  errorMessageOf,
  errorTypeOf,
  isSuspended,
  type Clock,
  type Result,
  type ResumeStateEntry,
} from "@awaitly/core";
import type { Attempt, RunRecord } from "./run-record";
import { storeEntry } from "./wire";

/** @internal Thrown before a step of an attempt that must not start one (cancelled or crashed). */
class StopRun extends Error {
  override readonly name = "StopRun";
}

/**
 * @internal The workflow call's hooks for one run (the call's context is its attempt), as the
 * worker's: a stopped attempt starts no step; each keyed step that ends is written to the step
 * timeline; each done one is checkpointed (through the wire codec), and a crash asked for after
 * it happens there. Nothing a crashed attempt does lands.
 */
export function createCallHooks(
  record: RunRecord,
  clock: Clock,
  crash: (record: RunRecord, attempt: Attempt) => void,
) {
  return {
    onBeforeStep: (stepKey: string | undefined, _id: string, attempt: Attempt) => {
      if (attempt.dead || attempt.cancelled) throw new StopRun("the run was stopped");
      if (stepKey === undefined) return;
      attempt.stepStarts.set(stepKey, { at: clock.now(), sequence: ++record.stepsStarted });
    },
    onAfterStep: (
      stepKey: string,
      result: Result<unknown, unknown, unknown>,
      _id: string,
      attempt: Attempt,
      entry: ResumeStateEntry,
    ) => {
      if (attempt.dead) return;
      const started = attempt.stepStarts.get(stepKey);
      // A step that parked the run on a pending approval runs again on the wake: no entry yet.
      if (started !== undefined && !(!result.ok && isSuspended(result.error))) {
        attempt.stepStarts.delete(stepKey);
        record.timeline.set(stepKey, {
          ok: result.ok,
          startedAt: started.at,
          durationMs: clock.now() - started.at,
          errorType: result.ok ? undefined : errorTypeOf(result.error),
          errorMessage: result.ok ? undefined : errorMessageOf(result.error),
          sequence: started.sequence,
        });
      }
      if (!result.ok) return;
      record.checkpoints.set(stepKey, storeEntry(entry));
      if (record.crashAfter === stepKey) crash(record, attempt);
    },
    onStepInvalidated: (stepKey: string, _id: string, attempt: Attempt) => {
      if (!attempt.dead) record.checkpoints.delete(stepKey);
    },
  };
}
