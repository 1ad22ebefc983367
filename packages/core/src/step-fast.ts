import { isEarlyExit, type StepFailureMeta } from "./early-exit";
import { emit, type RunContext } from "./internal/run-context";
import { handedOut, settled, starting } from "./internal/running";
import type { Result } from "./result";
import {
  assertResult,
  beginStep,
  failStep,
  failStepWithThrown,
  label,
  succeedStep,
  wrapStepFailure,
  type StepIdentity,
} from "./step";
import type { StepOptions } from "./step-options";
import { getStepTimeoutMeta, isStepTimeoutError } from "./timeout";

type AnyResult = Result<unknown, unknown, unknown>;

/**
 * @internal True when `step(operation, options)` can skip the retry/timeout engine: one attempt,
 * so the step is (at most) one call and one `.then` hop instead of an async loop. A Result or a
 * promise passed directly qualifies too: without retry or timeout it is simply awaited.
 */
export function canRunFast(options: StepOptions | string | undefined): boolean {
  return (
    options === undefined ||
    typeof options === "string" ||
    (typeof options === "object" &&
      options !== null &&
      options.retry === undefined &&
      options.timeout === undefined)
  );
}

/**
 * @internal `step(fn)` or `step(resultOrPromise)` with a single attempt; events and failures follow
 * `runStep` exactly.
 */
export function runFastStep(
  rc: RunContext,
  operation: unknown,
  options: StepOptions | string | undefined,
): Promise<unknown> {
  const name = typeof options === "string" ? options : options?.name;
  const key = typeof options === "string" ? undefined : options?.key;
  if (rc.onEvent === undefined && name === undefined && key === undefined && rc.openRaces === 0) {
    return runUnobservedStep(rc, operation);
  }
  const id = beginStep(rc, key, name);
  const running = starting(rc, name ?? id.stepId);
  return handedOut(
    rc,
    running,
    attempt(
      operation,
      (result: unknown) => {
        try {
          return settleResult(rc, result, id);
        } finally {
          settled(rc, running);
        }
      },
      (thrown: unknown) => {
        try {
          return settleThrown(rc, thrown, id);
        } finally {
          settled(rc, running);
        }
      },
    ),
  );
}

/**
 * @internal `step(operation)` when nobody listens and the step has no name or key (the common
 * case): no identity to build, and one pair of settlement handlers shared by the whole run.
 */
export function runUnobservedStep(rc: RunContext, operation: unknown): Promise<unknown> {
  rc.counter++;
  rc.unnamedRunning++;
  if (rc.onResult === undefined) {
    // An ok Result is most settlements: unwrap it before anything else (nobody to tell).
    rc.onResult = (result) => {
      rc.unnamedRunning--;
      if (rc.onSettled !== undefined) return settledLate(rc, result);
      return isOkResult(result) ? result.value : settleResult(rc, result, UNOBSERVED);
    };
    rc.onThrown = (thrown) => {
      rc.unnamedRunning--;
      if (rc.onSettled !== undefined) return settledLate(rc, undefined) as never;
      return settleThrown(rc, thrown, UNOBSERVED);
    };
  }
  return attempt(operation, rc.onResult, rc.onThrown as (thrown: unknown) => never);
}

/**
 * A step of this kind that settles after the body returned: the run already reports it as
 * floating, and its promise cannot be marked handled (the handlers are shared, not per step), so
 * a failure resolves to `undefined` instead of rejecting into code nobody awaits.
 */
function settledLate(rc: RunContext, result: unknown): unknown {
  (rc.onSettled as () => void)();
  return isOkResult(result) ? result.value : undefined;
}

const isOkResult = (result: unknown): result is { ok: true; value: unknown } =>
  typeof result === "object" &&
  result !== null &&
  (result as AnyResult).ok === true &&
  "value" in result;

// One `.then` hop (after calling a thunk); a synchronous throw settles a tick later, like a rejection.
function attempt(
  operation: unknown,
  onResult: (result: unknown) => unknown,
  onThrown: (thrown: unknown) => never,
): Promise<unknown> {
  let pending = operation;
  if (typeof operation === "function") {
    try {
      pending = (operation as () => unknown)();
    } catch (thrown) {
      return Promise.reject(thrown).catch(onThrown);
    }
  }
  return Promise.resolve(pending).then(onResult, onThrown);
}

// Without a listener the identity only feeds onError (no name here) and error messages.
const UNOBSERVED: StepIdentity = {
  stepId: "",
  stepKey: undefined,
  name: undefined,
  started: 0,
  owner: undefined,
};

function settleResult(rc: RunContext, result: unknown, id: StepIdentity): unknown {
  if (isOkResult(result)) {
    succeedStep(rc, id, result as AnyResult);
    return result.value;
  }
  try {
    assertResult(result, label(id.name, id.stepKey));
  } catch (invalid) {
    return failStepWithThrown(rc, id, invalid);
  }
  const failed = result as Extract<AnyResult, { ok: false }>;
  const meta: StepFailureMeta = { origin: "result", resultCause: failed.cause };
  return failStep(rc, id, failed.error, wrapStepFailure(rc, failed.error, meta), failed, meta);
}

function settleThrown(rc: RunContext, thrown: unknown, id: StepIdentity): never {
  if (rc.onEvent !== undefined) {
    const { workflowId } = rc;
    if (isEarlyExit(thrown)) {
      emit(rc, {
        type: "step_aborted",
        workflowId,
        stepId: id.stepId,
        stepKey: id.stepKey,
        name: id.name,
        ts: Date.now(),
        durationMs: performance.now() - id.started,
      });
    } else if (isStepTimeoutError(thrown)) {
      const timeoutMs = getStepTimeoutMeta(thrown)?.timeoutMs ?? 0;
      emit(rc, {
        type: "step_timeout",
        workflowId,
        stepId: id.stepId,
        stepKey: id.stepKey,
        name: id.name,
        ts: Date.now(),
        timeoutMs,
        attempt: 1,
      });
    }
  }
  if (isEarlyExit(thrown)) throw thrown;
  return failStepWithThrown(rc, id, thrown);
}
