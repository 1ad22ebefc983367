import { hasType } from "@awaitly/core";
import type { TerminalRunState } from "./run-state";
import type { StandardSchemaIssue } from "./standard-schema";

/** The run id was enqueued before with a different input, so this enqueue started nothing. */
export class RunConflictError extends Error {
  readonly type = "RUN_CONFLICT" as const;
  override readonly name = "RunConflictError";
  readonly runId: string;

  constructor(runId: string) {
    super(
      `Run "${runId}" already exists with a different input; pick another run id or enqueue the same input`,
    );
    this.runId = runId;
  }
}

/** No run with this id is known to the queue (never enqueued, or its record expired). */
export class RunNotFoundError extends Error {
  readonly type = "RUN_NOT_FOUND" as const;
  override readonly name = "RunNotFoundError";
  readonly runId: string;

  constructor(runId: string) {
    super(`Run "${runId}" is unknown: it was never enqueued or its record has expired`);
    this.runId = runId;
  }
}

/** `result()` gave up waiting before the run finished; the run itself goes on. */
export class RunTimeoutError extends Error {
  readonly type = "RUN_TIMEOUT" as const;
  override readonly name = "RunTimeoutError";
  readonly runId: string;
  readonly timeoutMs: number;

  constructor(runId: string, timeoutMs: number) {
    super(`Run "${runId}" did not finish within ${String(timeoutMs)} ms; it is still running`);
    this.runId = runId;
    this.timeoutMs = timeoutMs;
  }
}

/** The run was cancelled with `cancel()` before it finished. */
export class RunCancelledError extends Error {
  readonly type = "RUN_CANCELLED" as const;
  override readonly name = "RunCancelledError";
  readonly runId: string;

  constructor(runId: string) {
    super(`Run "${runId}" was cancelled`);
    this.runId = runId;
  }
}

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

/** The run has ended (`state` says how), so a cancel, signal or resume changes nothing and stores nothing. */
export class RunFinishedError extends Error {
  readonly type = "RUN_FINISHED" as const;
  override readonly name = "RunFinishedError";
  readonly runId: string;
  readonly state: TerminalRunState;

  constructor(runId: string, state: TerminalRunState) {
    super(`Run "${runId}" has already ended (${state}); read its outcome with result(runId)`);
    this.runId = runId;
    this.state = state;
  }
}

/** The run is parked waiting for another signal: this one was not stored (a misspelt name?). */
export class SignalNotAwaitedError extends Error {
  readonly type = "SIGNAL_NOT_AWAITED" as const;
  override readonly name = "SignalNotAwaitedError";
  readonly runId: string;
  readonly signalName: string;
  /** The signal the run waits for. */
  readonly awaiting: string;

  constructor(runId: string, signalName: string, awaiting: string) {
    super(
      `Run "${runId}" is waiting for signal "${awaiting}", not "${signalName}"; nothing was stored (check the signal name)`,
    );
    this.runId = runId;
    this.signalName = signalName;
    this.awaiting = awaiting;
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

/** A signal's payload failed the signal's Standard Schema validator. */
export class SignalPayloadError extends Error {
  readonly type = "SIGNAL_PAYLOAD_INVALID" as const;
  override readonly name = "SignalPayloadError";
  readonly runId: string;
  readonly signalName: string;
  readonly issues: ReadonlyArray<StandardSchemaIssue>;

  constructor(runId: string, signalName: string, issues: ReadonlyArray<StandardSchemaIssue>) {
    super(
      `Signal "${signalName}" for run "${runId}" has an invalid payload: ${issues
        .map((issue) => issue.message)
        .join("; ")}`,
    );
    this.runId = runId;
    this.signalName = signalName;
    this.issues = issues;
  }
}

/** Errors the queue adds to a workflow's own error union. */
export type RunError =
  RunNotFoundError | RunTimeoutError | RunCancelledError | StepDeadlineError | RunDeadlineError;

/** True when `error` is a `RunConflictError` (checks `type`). */
export const isRunConflictError = (error: unknown): error is RunConflictError =>
  hasType(error, "RUN_CONFLICT");

/** True when `error` is a `RunNotFoundError` (checks `type`). */
export const isRunNotFoundError = (error: unknown): error is RunNotFoundError =>
  hasType(error, "RUN_NOT_FOUND");

/** True when `error` is a `RunTimeoutError` (checks `type`). */
export const isRunTimeoutError = (error: unknown): error is RunTimeoutError =>
  hasType(error, "RUN_TIMEOUT");

/** True when `error` is a `RunCancelledError` (checks `type`). */
export const isRunCancelledError = (error: unknown): error is RunCancelledError =>
  hasType(error, "RUN_CANCELLED");

/** True when `error` is a `RunFinishedError` (checks `type`). */
export const isRunFinishedError = (error: unknown): error is RunFinishedError =>
  hasType(error, "RUN_FINISHED");

/** True when `error` is a `SignalNotAwaitedError` (checks `type`). */
export const isSignalNotAwaitedError = (error: unknown): error is SignalNotAwaitedError =>
  hasType(error, "SIGNAL_NOT_AWAITED");

/** True when `error` is a `SignalPayloadError` (checks `type`). */
export const isSignalPayloadError = (error: unknown): error is SignalPayloadError =>
  hasType(error, "SIGNAL_PAYLOAD_INVALID");

/** True when `error` is a `StepDeadlineError` (checks `type`). */
export const isStepDeadlineError = (error: unknown): error is StepDeadlineError =>
  hasType(error, "STEP_DEADLINE");

/** True when `error` is a `RunDeadlineError` (checks `type`). */
export const isRunDeadlineError = (error: unknown): error is RunDeadlineError =>
  hasType(error, "RUN_DEADLINE");

/** True when `error` is a `RedisUnavailableError` (checks `type`). */
export const isRedisUnavailableError = (error: unknown): error is RedisUnavailableError =>
  hasType(error, "REDIS_UNAVAILABLE");
