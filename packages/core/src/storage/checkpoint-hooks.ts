import type { Result } from "../result/result";
import type { ResumeStateEntry } from "../run/step-cache";
import type { ResumeState } from "../workflow/types";

/**
 * The per-run options a checkpointer hands out (`Checkpointer.forRun`): spread them into
 * `createWorkflow`'s options or into one workflow call's options, and each keyed step is saved as
 * it completes and replayed on the next call for the same run.
 */
export interface CheckpointHooks {
  /** Loads the run's saved steps; called once per workflow call. */
  resumeState: () => Promise<ResumeState>;
  /**
   * Checks the fence before every step starts (`stepKey` is `undefined` for unkeyed steps), so a
   * holder that lost its lease starts no new side effect; `undefined` for an unfenced run.
   */
  onBeforeStep: ((stepKey: string | undefined) => void) | undefined;
  /**
   * Saves a keyed step that is done (an ok result, or a suspended one such as a pending approval);
   * `entry` is the public shape core passes (the result with its raw cause and failure meta).
   */
  onAfterStep: (
    stepKey: string,
    result: Result<unknown, unknown, unknown>,
    workflowId?: string,
    context?: unknown,
    entry?: ResumeStateEntry,
  ) => Promise<void>;
  /** Deletes a step `step.invalidate` forgot (a compensated saga step), fenced like the writes. */
  onStepInvalidated: (stepKey: string) => Promise<void>;
}
