/** Marks the internal object a failed step throws so `run` can tell it from a real exception. */
export const EARLY_EXIT_SYMBOL: unique symbol = Symbol("early-exit");

/** Where a step failure came from: a returned `Err`, or a thrown value. */
export type StepFailureMeta =
  { origin: "result"; resultCause?: unknown } | { origin: "throw"; thrown: unknown };

/** What a failed step throws to unwind the workflow callback. */
export type EarlyExit<E> = { [EARLY_EXIT_SYMBOL]: true; error: E; meta: StepFailureMeta };

/** Builds an early exit (a plain object: no stack trace to capture). */
export function createEarlyExit<E>(error: E, meta: StepFailureMeta): EarlyExit<E> {
  return { [EARLY_EXIT_SYMBOL]: true, error, meta };
}

/** True for an early exit thrown by a step of this copy of `@awaitly/core`. */
export function isEarlyExit<E>(e: unknown): e is EarlyExit<E> {
  return (
    typeof e === "object" &&
    e !== null &&
    (e as Record<symbol, unknown>)[EARLY_EXIT_SYMBOL] === true
  );
}

/** @internal The workflow `cause` carried by a failure meta. */
export const causeOfMeta = (meta: StepFailureMeta): unknown =>
  meta.origin === "throw" ? meta.thrown : meta.resultCause;
