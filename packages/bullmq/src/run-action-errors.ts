import { hasType } from "@awaitly/core";

/** `retry` was asked of a run that has not finished (it is waiting, active or parked). */
export class RunNotFinishedError extends Error {
  readonly type = "RUN_NOT_FINISHED" as const;
  override readonly name = "RunNotFinishedError";
  readonly runId: string;
  readonly status: string;

  constructor(runId: string, status: string) {
    super(`Run "${runId}" is ${status}, not finished: only a finished run can be retried`);
    this.runId = runId;
    this.status = status;
  }
}

/** `retry({ fromStep })` named a step the run has not run. */
export class StepNotFoundError extends Error {
  readonly type = "STEP_NOT_FOUND" as const;
  override readonly name = "StepNotFoundError";
  readonly runId: string;
  readonly stepKey: string;

  constructor(runId: string, stepKey: string, known: readonly string[]) {
    super(
      `Run "${runId}" has no step "${stepKey}"; its steps are: ${known.join(", ") || "(none)"}`,
    );
    this.runId = runId;
    this.stepKey = stepKey;
  }
}

/** The run cannot be retried as asked: its input is gone, or its checkpoints cannot be rewound. */
export class RetryUnavailableError extends Error {
  readonly type = "RETRY_UNAVAILABLE" as const;
  override readonly name = "RetryUnavailableError";
  readonly runId: string;

  constructor(runId: string, why: string) {
    super(`Run "${runId}" cannot be retried: ${why}`);
    this.runId = runId;
  }
}

/** True when `error` is a `RunNotFinishedError` (checks `type`). */
export const isRunNotFinishedError = (error: unknown): error is RunNotFinishedError =>
  hasType(error, "RUN_NOT_FINISHED");

/** True when `error` is a `StepNotFoundError` (checks `type`). */
export const isStepNotFoundError = (error: unknown): error is StepNotFoundError =>
  hasType(error, "STEP_NOT_FOUND");

/** True when `error` is a `RetryUnavailableError` (checks `type`). */
export const isRetryUnavailableError = (error: unknown): error is RetryUnavailableError =>
  hasType(error, "RETRY_UNAVAILABLE");
