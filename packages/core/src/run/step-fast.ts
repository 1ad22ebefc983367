import { withinStep } from "./around-step";
import type { RunContext } from "./internal/run-context";
import { failedWhileRunning, handedOut, settled, starting } from "./internal/running";
import { StepIdentity } from "./internal/step-events";
import { enterStep } from "./internal/step-hooks";
import {
  attemptThrew,
  beginStep,
  failStepWithThrown,
  isOkResult,
  settleResult,
} from "./step-settle";
import type { StepOptions } from "./step-options";

// The synchronous branch of the step engine (step.ts): a single attempt without timeout or
// signal is one call and one `.then` hop instead of an async loop. Outcomes go through the same
// step-settle.ts functions as every other form, so events and failures cannot drift apart.

/** @internal True when `step(operation, options)` needs neither retry nor timeout. */
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

/** @internal `step(fn)` or `step(resultOrPromise)` with a single attempt. */
export function runFastStep(
  rc: RunContext,
  operation: unknown,
  options: StepOptions | string | undefined,
): Promise<unknown> {
  const name = typeof options === "string" ? options : options?.name;
  const key = typeof options === "string" ? undefined : options?.key;
  // Claims the key, or calls a call's onBeforeStep. Never a cache hit: keyed steps of a run with
  // a workflow's cache and hooks take the engine (see createRunStep).
  try {
    enterStep(rc, key, name);
  } catch (thrown) {
    return Promise.reject(thrown);
  }
  if (rc.onEvent === undefined && name === undefined && key === undefined && rc.openRaces === 0) {
    return runUnobservedStep(rc, operation);
  }
  const id = starting(rc, beginStep(rc, key, name));
  return handedOut(
    rc,
    id,
    attempt(
      withinStep(rc, id.stepId, operation),
      (result: unknown) => {
        try {
          return settleResult(rc, id, result);
        } catch (failed) {
          if (id.listed) failedWhileRunning(rc, id.promise, failed);
          throw failed;
        } finally {
          settled(rc, id);
        }
      },
      (thrown: unknown) => {
        try {
          return failStepWithThrown(rc, id, attemptThrew(rc, id, thrown, id.started, 1, undefined));
        } catch (failed) {
          if (id.listed) failedWhileRunning(rc, id.promise, failed);
          throw failed;
        } finally {
          settled(rc, id);
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
    rc.onResult = (result) => {
      rc.unnamedRunning--;
      if (rc.onSettled !== undefined) return settledLate(rc, result);
      return isOkResult(result) ? result.value : settleResult(rc, UNOBSERVED, result);
    };
    rc.onThrown = (thrown) => {
      rc.unnamedRunning--;
      if (rc.onSettled !== undefined) return settledLate(rc, undefined) as never;
      return failStepWithThrown(
        rc,
        UNOBSERVED,
        attemptThrew(rc, UNOBSERVED, thrown, 0, 1, undefined),
      );
    };
  }
  const onResult = rc.onResult;
  const onThrown = rc.onThrown as (thrown: unknown) => never;
  // The shared handlers settle the step; these two reach its promise only when it fails, so a
  // step nobody awaits does not crash the process. Measured with callgrind against marking every
  // step's promise handled (`.then(undefined, ignore)`: one more promise and tick per step) and
  // against a per-run list of promises in flight: two closures cost the fewest instructions.
  const pending: Promise<unknown> = attempt(
    operation,
    (result) => {
      try {
        return onResult(result);
      } catch (failed) {
        failedWhileRunning(rc, pending, failed);
        throw failed;
      }
    },
    (thrown) => {
      try {
        return onThrown(thrown);
      } catch (failed) {
        failedWhileRunning(rc, pending, failed);
        throw failed;
      }
    },
  );
  return pending;
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
const UNOBSERVED = new StepIdentity("", undefined, undefined, 0, undefined);
