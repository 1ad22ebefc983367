// The errors a durable run's engine answers with, whichever engine runs it (@awaitly/bullmq on
// Redis, @awaitly/testing's in-memory environment): one class per answer, so `instanceof` and the
// `is…` guards agree across engines and a test written against one reads the same on the other.
import { isUnexpectedError } from "../result/errors";
import { hasType } from "../result/has-type";
import type { Result } from "../result/result";
import type { StandardSchemaIssue } from "./standard-schema";

/**
 * How a run ended, written once with its outcome: `ok` (a value), `err` (the workflow's own
 * error), `failed` (an exception, retries exhausted, or an outcome that could not be stored) or
 * `cancelled`.
 */
export type TerminalRunState = "ok" | "err" | "failed" | "cancelled";

/** The run id was started before with a different input, so this start started nothing. */
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

/** No run with this id is known (never started, or its record expired). */
export class RunNotFoundError extends Error {
  readonly type = "RUN_NOT_FOUND" as const;
  override readonly name = "RunNotFoundError";
  readonly runId: string;

  constructor(runId: string) {
    super(`Run "${runId}" is unknown: it was never enqueued or its record has expired`);
    this.runId = runId;
  }
}

/** Waiting for the run's result gave up before the run finished; the run itself goes on. */
export class RunTimeoutError extends Error {
  readonly type = "RUN_TIMEOUT" as const;
  override readonly name = "RunTimeoutError";
  readonly runId: string;
  readonly timeoutMs: number;

  /** `waitingOn` says what the run waits for, when the engine knows. */
  constructor(runId: string, timeoutMs: number, waitingOn?: string) {
    super(
      `Run "${runId}" did not finish within ${String(timeoutMs)} ms; it is still running` +
        (waitingOn === undefined ? "" : ` (${waitingOn})`),
    );
    this.runId = runId;
    this.timeoutMs = timeoutMs;
  }
}

/** The run was cancelled before it finished. */
export class RunCancelledError extends Error {
  readonly type = "RUN_CANCELLED" as const;
  override readonly name = "RunCancelledError";
  readonly runId: string;

  constructor(runId: string) {
    super(`Run "${runId}" was cancelled`);
    this.runId = runId;
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

/** A signal's payload failed the signal's Standard Schema validator (or cannot be carried). */
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

/**
 * An error class a durable outcome may hold, as `decodeOutcome` matches it: an error read back
 * with this `type` and `name` gets this prototype back, so `instanceof` holds after the round trip.
 */
export type OutcomeErrorClass = readonly [type: string, name: string, prototype: object];

/**
 * How a run whose outcome is `result` ended: `ok`, `cancelled` (a `RunCancelledError`), `failed`
 * (an `UnexpectedError`) or `err` (the workflow's own error).
 * @example
 * terminalStateOf(decodeOutcome(stored)); // "cancelled"
 */
export function terminalStateOf(result: Result<unknown, unknown, unknown>): TerminalRunState {
  if (result.ok) return "ok";
  if (isRunCancelledError(result.error)) return "cancelled";
  return isUnexpectedError(result.error) ? "failed" : "err";
}

let runErrors: ReadonlyArray<OutcomeErrorClass> | undefined;

/**
 * The run errors above as `decodeOutcome` matches them (its default); an engine with errors of
 * its own passes `[...runErrorClasses(), …its own]`.
 * @example
 * decodeOutcome(stored, [...runErrorClasses(), ["STEP_DEADLINE", "StepDeadlineError", StepDeadlineError.prototype]]);
 */
export function runErrorClasses(): ReadonlyArray<OutcomeErrorClass> {
  runErrors ??= [
    ["RUN_CONFLICT", "RunConflictError", RunConflictError.prototype],
    ["RUN_NOT_FOUND", "RunNotFoundError", RunNotFoundError.prototype],
    ["RUN_TIMEOUT", "RunTimeoutError", RunTimeoutError.prototype],
    ["RUN_CANCELLED", "RunCancelledError", RunCancelledError.prototype],
    ["RUN_FINISHED", "RunFinishedError", RunFinishedError.prototype],
    ["SIGNAL_NOT_AWAITED", "SignalNotAwaitedError", SignalNotAwaitedError.prototype],
    ["SIGNAL_PAYLOAD_INVALID", "SignalPayloadError", SignalPayloadError.prototype],
  ];
  return runErrors;
}
