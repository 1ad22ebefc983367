import { isEarlyExit, type StepFailureMeta } from "./early-exit";
import type { RunContext } from "./internal/run-context";
import type { Result } from "./result";
import { assertResult, failStep, failStepWithThrown, wrapStepFailure, type StepIdentity } from "./step";
import type { StepOptions } from "./step-options";

type AnyResult = Result<unknown, unknown, unknown>;

/**
 * @internal True when `step(operation, options)` can take the fast path: nobody listens to events
 * and there is no retry or timeout, so a step is one call and one `.then` hop.
 */
export function canRunFast(rc: RunContext, operation: unknown, options: StepOptions | string | undefined): boolean {
  return (
    rc.onEvent === undefined &&
    typeof operation === "function" &&
    (options === undefined ||
      typeof options === "string" ||
      (typeof options === "object" && options !== null && options.retry === undefined && options.timeout === undefined))
  );
}

/** @internal `step(fn)` without events, retry or timeout; failures take the same path as `runStep`. */
export function runFastStep(
  rc: RunContext,
  operation: () => unknown,
  options: StepOptions | string | undefined,
): Promise<unknown> {
  rc.counter++;
  const name = typeof options === "string" ? options : options?.name;
  const key = typeof options === "string" ? undefined : options?.key;
  // Unnamed, unkeyed steps (the common case) share one pair of handlers per run.
  const handlers =
    name === undefined && key === undefined
      ? (rc.fast ??= {
          onResult: (result) => settleResult(rc, result, undefined, undefined),
          onThrown: (thrown) => settleThrown(rc, thrown, undefined, undefined),
        })
      : {
          onResult: (result: unknown) => settleResult(rc, result, name, key),
          onThrown: (thrown: unknown) => settleThrown(rc, thrown, name, key),
        };
  let pending: unknown;
  try {
    pending = operation();
  } catch (thrown) {
    return Promise.reject(thrown).catch(handlers.onThrown);
  }
  return Promise.resolve(pending).then(handlers.onResult, handlers.onThrown);
}

// No listener: the identity only feeds onError and error messages.
const identity = (name: string | undefined, key: string | undefined): StepIdentity => ({
  stepId: "",
  stepKey: key,
  name,
  started: 0,
  owner: undefined,
});

function settleResult(rc: RunContext, result: unknown, name: string | undefined, key: string | undefined): unknown {
  if (typeof result === "object" && result !== null && (result as AnyResult).ok === true && "value" in result) {
    return (result as { value: unknown }).value;
  }
  const id = identity(name, key);
  try {
    assertResult(result, name !== undefined ? `step "${name}"` : key !== undefined ? `step "${key}"` : "step");
  } catch (invalid) {
    return failStepWithThrown(rc, id, invalid);
  }
  const failed = result as Extract<AnyResult, { ok: false }>;
  const meta: StepFailureMeta = { origin: "result", resultCause: failed.cause };
  return failStep(rc, id, failed.error, wrapStepFailure(rc, failed.error, meta), failed, meta);
}

function settleThrown(rc: RunContext, thrown: unknown, name: string | undefined, key: string | undefined): never {
  if (isEarlyExit(thrown)) throw thrown;
  return failStepWithThrown(rc, identity(name, key), thrown);
}
