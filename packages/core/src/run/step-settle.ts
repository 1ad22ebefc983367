import { describeValue } from "./internal/bad-input";
import { createEarlyExit, isEarlyExit, type StepFailureMeta } from "./early-exit";
import {
  isUnexpectedError,
  uncaught,
  type UnexpectedError,
  type UnexpectedStepFailureCause,
} from "../result/errors";
import { hydrate } from "../result/hydrate";
import { mapUnexpected, type RunContext } from "./internal/run-context";
import {
  emitStepAborted,
  emitStepError,
  emitStepStart,
  emitStepSuccess,
  emitStepTimeout,
  now,
  StepIdentity,
} from "./internal/step-events";
import { err, type Result } from "../result/result";
import { getStepTimeoutMeta, isStepTimeoutError, TimeoutHit } from "./timeout";

// How every step form starts and settles. The forms differ only in how they obtain an outcome
// (one call, a retry loop, a mapped throw); what an outcome means, and the events it produces,
// is decided here once.

type AnyResult = Result<unknown, unknown, unknown>;

/** @internal How error messages name a step. */
export const label = (name: string | undefined, key: string | undefined): string =>
  name === undefined && key === undefined ? "step" : `step "${name ?? key}"`;

// `step_${n}` for the first step numbers, made once per process instead of once per step.
const STEP_IDS: string[] = [];
const STEP_IDS_KEPT = 1024;

/** @internal The id of the `n`th step of a run: `step_${n}`. */
export const stepIdOf = (n: number): string =>
  n < STEP_IDS_KEPT ? (STEP_IDS[n] ??= `step_${n}`) : `step_${n}`;

/**
 * @internal Assigns the step id (in call order) and emits `step_start`; the key was claimed by
 * `enterStep` (internal/step-hooks.ts) just before.
 */
export function beginStep(
  rc: RunContext,
  key: string | undefined,
  name: string | undefined,
): StepIdentity {
  const n = ++rc.counter;
  const stepId = key ?? stepIdOf(n);
  if (rc.onEvent === undefined) return new StepIdentity(stepId, key, name, 0, undefined);
  const id = new StepIdentity(stepId, key, name, now(rc), rc.scope);
  emitStepStart(rc, id);
  return id;
}

/** @internal A successful outcome: reported when someone listens. */
export function succeedStep(rc: RunContext, id: StepIdentity, result: AnyResult): void {
  if (rc.onEvent !== undefined) emitStepSuccess(rc, id, result);
}

/**
 * @internal Final handling of a failure the step turns into an early exit: `step_error`, the keyed
 * `step_complete`, `onError`, then the early exit itself.
 */
export function failStep(
  rc: RunContext,
  id: StepIdentity,
  error: unknown,
  eventError: unknown,
  completed: AnyResult,
  meta: StepFailureMeta,
): never {
  if (rc.onEvent !== undefined) emitStepError(rc, id, eventError, completed, meta);
  rc.onError?.(error, id.name, rc.context);
  throw createEarlyExit(error, meta);
}

/** @internal A returned `err`: the step fails with its error (wrapped in events of wrap runs). */
export function failWithResult(
  rc: RunContext,
  id: StepIdentity,
  failed: Extract<AnyResult, { ok: false }>,
): never {
  const meta: StepFailureMeta = { origin: "result", resultCause: failed.cause };
  return failStep(rc, id, failed.error, wrapStepFailure(rc, failed.error, meta), failed, meta);
}

/**
 * @internal An exception escaped the operation. Strict runs map it with `catchUnexpected` and exit
 * early; other runs report it as an `UnexpectedError` and rethrow the raw value for `run` to handle.
 */
export function failStepWithThrown(rc: RunContext, id: StepIdentity, thrown: unknown): never {
  const meta: StepFailureMeta = { origin: "throw", thrown };
  if (rc.mode === "strict") {
    const mapped = mapUnexpected(rc, thrown);
    failStep(rc, id, mapped, mapped, err(mapped, { cause: thrown }), meta);
  }
  if (rc.onEvent !== undefined) {
    const u = uncaught(thrown);
    emitStepError(rc, id, u, err(u, { cause: thrown }), meta);
  }
  throw thrown;
}

/**
 * @internal What one attempt's outcome value means: an ok Result is the step's value, an err
 * fails the step, anything else is a programmer error reported as a thrown `TypeError`.
 */
export function settleResult(rc: RunContext, id: StepIdentity, result: unknown): unknown {
  if (isOkResult(result)) {
    succeedStep(rc, id, result);
    return result.value;
  }
  try {
    assertResult(result, label(id.name, id.stepKey));
  } catch (invalid) {
    return failStepWithThrown(rc, id, invalid);
  }
  if (result.ok) {
    succeedStep(rc, id, result);
    return result.value;
  }
  return failWithResult(rc, id, result);
}

/** @internal An ok Result (the common outcome, so checked before anything else). */
export const isOkResult = (result: unknown): result is { ok: true; value: unknown } =>
  typeof result === "object" &&
  result !== null &&
  (result as AnyResult).ok === true &&
  "value" in result;

/**
 * @internal What an attempt's exception means. An early exit (a nested step failed, or the run
 * was cancelled) aborts the step and is rethrown; a timeout is reported; anything else is
 * returned as the failure for the caller to retry or fail with.
 */
export function attemptThrew(
  rc: RunContext,
  id: StepIdentity,
  caught: unknown,
  attemptStarted: number,
  attempt: number,
  timeoutMs: number | undefined,
): unknown {
  if (isEarlyExit(caught)) {
    if (rc.onEvent !== undefined) emitStepAborted(rc, id, attemptStarted);
    throw caught;
  }
  const timedOut = caught instanceof TimeoutHit;
  const thrown = timedOut ? caught.error : caught;
  if ((timedOut || isStepTimeoutError(thrown)) && rc.onEvent !== undefined) {
    emitStepTimeout(rc, id, timeoutMs ?? getStepTimeoutMeta(thrown)?.timeoutMs ?? 0, attempt);
  }
  return thrown;
}

/** @internal How a step failure appears in `step_error` when the run wraps failures. */
export function wrapStepFailure(rc: RunContext, error: unknown, meta: StepFailureMeta): unknown {
  if (rc.mode !== "wrap" || isUnexpectedError(error)) return error;
  const cause: UnexpectedStepFailureCause =
    meta.origin === "throw"
      ? { type: "STEP_FAILURE", origin: "throw", error, thrown: meta.thrown }
      : { type: "STEP_FAILURE", origin: "result", error };
  if (meta.origin === "result" && meta.resultCause !== undefined) {
    (cause as { cause?: unknown }).cause = meta.resultCause;
  }
  const wrapped: UnexpectedError = { type: "UNEXPECTED_ERROR", cause };
  return wrapped;
}

/** @internal A value that is not a Result is a programmer error, reported clearly instead of duck-typed. */
export function assertResult(value: unknown, where: string): asserts value is AnyResult {
  if (hydrate(value) === null) {
    throw new TypeError(
      `${where}: the operation must return a Result, got ${describeValue(value)}`,
    );
  }
}
