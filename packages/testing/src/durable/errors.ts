import type { RunCancelledError, RunNotFoundError, RunTimeoutError } from "@awaitly/core";

/** Errors the environment adds to a workflow's own error union in `result`. */
export type TestRunError = RunNotFoundError | RunTimeoutError | RunCancelledError;
