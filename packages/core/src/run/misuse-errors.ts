import { hasType } from "../result/has-type";

// Programmer errors and bad data a run reports instead of returning a wrong value. They are thrown
// inside the run and surface like any exception: wrapped in `UnexpectedError` (cause
// `UNCAUGHT_EXCEPTION`, `thrown` = this error), or mapped by `catchUnexpected` in strict runs.

/** The body returned while steps it started were still running (they were not awaited). */
export class FloatingStepError extends Error {
  readonly type = "FLOATING_STEP" as const;
  override readonly name = "FloatingStepError";
  /** The steps still running when the body returned: name, else key, else `step_<n>`/`(unnamed step)`. */
  readonly steps: readonly string[];
  constructor(steps: readonly string[]) {
    super(
      `the workflow returned while steps were still running (${steps.join(", ")}): await every step`,
    );
    this.steps = steps;
  }
}

/** Two steps of one run used the same `key` with different `name`s. */
export class StepKeyCollisionError extends Error {
  readonly type = "STEP_KEY_COLLISION" as const;
  override readonly name = "StepKeyCollisionError";
  constructor(
    readonly key: string,
    readonly firstName: string,
    readonly secondName: string,
  ) {
    super(
      `step key "${key}" used by steps "${firstName}" and "${secondName}": give each step its own key`,
    );
  }
}

/** Resume state that does not hold step results (bad shape, or garbage loaded from storage). */
export class ResumeStateError extends Error {
  readonly type = "RESUME_STATE_INVALID" as const;
  override readonly name = "ResumeStateError";
  constructor(
    /** The offending step key, or `undefined` when the state as a whole is malformed. */
    readonly key: string | undefined,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** True for a `FloatingStepError` (checks the `type` discriminant only). */
export const isFloatingStepError = (e: unknown): e is FloatingStepError =>
  hasType(e, "FLOATING_STEP");

/** True for a `StepKeyCollisionError` (checks the `type` discriminant only). */
export const isStepKeyCollisionError = (e: unknown): e is StepKeyCollisionError =>
  hasType(e, "STEP_KEY_COLLISION");

/** True for a `ResumeStateError` (checks the `type` discriminant only). */
export const isResumeStateError = (e: unknown): e is ResumeStateError =>
  hasType(e, "RESUME_STATE_INVALID");
