import { hasType } from "./has-type";

/** Why a step's failure was turned into an `UnexpectedError` when `run` has no `onError`/`catchUnexpected`. */
export type UnexpectedStepFailureCause =
  | { type: "STEP_FAILURE"; origin: "result"; error: unknown; cause?: unknown }
  | { type: "STEP_FAILURE"; origin: "throw"; error: unknown; thrown: unknown };

/** What an `UnexpectedError` wraps: an exception nobody mapped, or a wrapped step failure. */
export type UnexpectedCause =
  { type: "UNCAUGHT_EXCEPTION"; thrown: unknown } | UnexpectedStepFailureCause;

/** The error `run` and workflows report for anything that was thrown rather than returned. */
export type UnexpectedError = { type: "UNEXPECTED_ERROR"; cause: UnexpectedCause };

/** A batch input promise rejected instead of resolving to a Result. */
export type PromiseRejectedError = { type: "PROMISE_REJECTED"; cause: unknown };

/** The cause attached to a `PromiseRejectedError`. */
export type PromiseRejectionCause = { type: "PROMISE_REJECTION"; reason: unknown };

/** `any`/`anyAsync` was given no Results to choose from. */
export type EmptyInputError = { type: "EMPTY_INPUT"; message: string };

/** One failure collected by `allSettled`/`allSettledAsync`. */
export type SettledError<E, C = unknown> = { error: E; cause?: C };

/** True for an `UnexpectedError` (checks the `type` discriminant only). */
export const isUnexpectedError = (e: unknown): e is UnexpectedError =>
  hasType(e, "UNEXPECTED_ERROR");

/** @internal Builds the UNCAUGHT_EXCEPTION form; `thrown` is always an own key. */
export const uncaught = (thrown: unknown): UnexpectedError => ({
  type: "UNEXPECTED_ERROR",
  cause: { type: "UNCAUGHT_EXCEPTION", thrown },
});

/** The run's `signal` aborted: no further step started and the run stopped waiting. */
export type CancelledError = { type: "CANCELLED"; reason: unknown };

/** True for a `CancelledError` (checks the `type` discriminant only). */
export const isCancelledError = (e: unknown): e is CancelledError => hasType(e, "CANCELLED");
