import type { SchemaIssue } from "./types";

// These errors have the `type`, `name` and message of `@awaitly/bullmq`'s, so a test that checks
// what a user sees (or uses bullmq's `isRunCancelledError`, which checks `type`) agrees on both.

/** How a run ended: `ok` (a value), `err` (its own error), `failed` (an exception) or `cancelled`. */
export type TestTerminalState = "ok" | "err" | "failed" | "cancelled";

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

/** No run with this id was started in the environment. */
export class RunNotFoundError extends Error {
  readonly type = "RUN_NOT_FOUND" as const;
  override readonly name = "RunNotFoundError";
  readonly runId: string;

  constructor(runId: string) {
    super(`Run "${runId}" is unknown: it was never enqueued or its record has expired`);
    this.runId = runId;
  }
}

/** The run did not finish within the virtual time `result` was given; it goes on. */
export class RunTimeoutError extends Error {
  readonly type = "RUN_TIMEOUT" as const;
  override readonly name = "RunTimeoutError";
  readonly runId: string;
  readonly timeoutMs: number;

  constructor(runId: string, timeoutMs: number, waiting: string) {
    super(
      `Run "${runId}" did not finish within ${String(timeoutMs)} ms; it is still running (${waiting})`,
    );
    this.runId = runId;
    this.timeoutMs = timeoutMs;
  }
}

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

/** The run has ended, so a cancel, signal or resume changes nothing. */
export class RunFinishedError extends Error {
  readonly type = "RUN_FINISHED" as const;
  override readonly name = "RunFinishedError";
  readonly runId: string;
  readonly state: TestTerminalState;

  constructor(runId: string, state: TestTerminalState) {
    super(`Run "${runId}" has already ended (${state}); read its outcome with result(runId)`);
    this.runId = runId;
    this.state = state;
  }
}

/** The run is parked waiting for another signal: this one was not stored. */
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

/** A signal's payload failed its Standard Schema validator (or cannot be carried). */
export class SignalPayloadError extends Error {
  readonly type = "SIGNAL_PAYLOAD_INVALID" as const;
  override readonly name = "SignalPayloadError";
  readonly runId: string;
  readonly signalName: string;
  readonly issues: ReadonlyArray<SchemaIssue>;

  constructor(runId: string, signalName: string, issues: ReadonlyArray<SchemaIssue>) {
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

/** Errors the environment adds to a workflow's own error union in `result`. */
export type TestRunError = RunNotFoundError | RunTimeoutError | RunCancelledError;
