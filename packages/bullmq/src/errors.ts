import {
  hasType,
  type RunCancelledError,
  type RunNotFoundError,
  type RunTimeoutError,
} from "@awaitly/core";

// The errors every durable engine answers with (RunCancelledError, RunFinishedError…) are core's,
// shared with @awaitly/testing's environment (index.ts re-exports them); these are this engine's.

/** A step of the run did not settle within the worker's `stepTimeoutMs`; the run ended with it. */
export class StepDeadlineError extends Error {
  readonly type = "STEP_DEADLINE" as const;
  override readonly name = "StepDeadlineError";
  readonly runId: string;
  /** The step's key, or `undefined` for an unkeyed step. */
  readonly stepKey: string | undefined;
  readonly timeoutMs: number;

  constructor(runId: string, stepKey: string | undefined, timeoutMs: number) {
    super(
      `A step${stepKey === undefined ? "" : ` ("${stepKey}")`} of run "${runId}" did not settle ` +
        `within ${String(timeoutMs)} ms (the worker's stepTimeoutMs): its signal was aborted and ` +
        "the run failed; make the step honour run.signal or raise stepTimeoutMs",
    );
    this.runId = runId;
    this.stepKey = stepKey;
    this.timeoutMs = timeoutMs;
  }
}

/** The run did not finish within the worker's `runTimeoutMs` (one attempt, parks not counted). */
export class RunDeadlineError extends Error {
  readonly type = "RUN_DEADLINE" as const;
  override readonly name = "RunDeadlineError";
  readonly runId: string;
  readonly timeoutMs: number;

  constructor(runId: string, timeoutMs: number) {
    super(
      `Run "${runId}" did not finish within ${String(timeoutMs)} ms (the worker's runTimeoutMs): ` +
        "its signal was aborted and the run failed",
    );
    this.runId = runId;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Redis did not answer: a producer call gave up after the queue's `redisTimeoutMs` (or at once
 * while the outage is known), or a worker lost its connection (reported once to `onError`).
 */
export class RedisUnavailableError extends Error {
  readonly type = "REDIS_UNAVAILABLE" as const;
  override readonly name = "RedisUnavailableError";
  /** The call (`WorkflowQueue.enqueue`…) or component (`createWorkflowWorker`) that found Redis away. */
  readonly where: string;

  constructor(where: string, detail: string, options?: { cause?: unknown }) {
    super(
      `${where}: Redis is unavailable (${detail}); the call may still take effect once Redis is ` +
        "back, so retry it as is (enqueue dedupes by run id)",
      options,
    );
    this.where = where;
  }
}

/** Errors the queue adds to a workflow's own error union. */
export type RunError =
  RunNotFoundError | RunTimeoutError | RunCancelledError | StepDeadlineError | RunDeadlineError;

/** True when `error` is a `StepDeadlineError` (checks `type`). */
export const isStepDeadlineError = (error: unknown): error is StepDeadlineError =>
  hasType(error, "STEP_DEADLINE");

/** True when `error` is a `RunDeadlineError` (checks `type`). */
export const isRunDeadlineError = (error: unknown): error is RunDeadlineError =>
  hasType(error, "RUN_DEADLINE");

/** True when `error` is a `RedisUnavailableError` (checks `type`). */
export const isRedisUnavailableError = (error: unknown): error is RedisUnavailableError =>
  hasType(error, "REDIS_UNAVAILABLE");
