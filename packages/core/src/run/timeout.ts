import { badInput } from "./internal/bad-input";
import { cancelExit } from "./internal/cancel";
import type { Timers } from "./internal/run-context";
import type { Result } from "../result/result";
import type { StepTimeoutError, StepTimeoutMarkerMeta, TimeoutOptions } from "./step-options";

/** Non-enumerable key under which a custom timeout error carries its timeout details. */
export const STEP_TIMEOUT_MARKER: unique symbol = Symbol.for("step_timeout_marker");

/** True for a `StepTimeoutError` or a custom object error thrown by a step timeout. */
export function isStepTimeoutError(e: unknown): e is StepTimeoutError {
  return getStepTimeoutMeta(e) !== undefined;
}

/** The timeout details of a timeout error, or `undefined` for anything else. */
export function getStepTimeoutMeta(e: unknown): StepTimeoutMarkerMeta | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const value = e as StepTimeoutError & { [STEP_TIMEOUT_MARKER]?: StepTimeoutMarkerMeta };
  if (value.type === "STEP_TIMEOUT") {
    return {
      timeoutMs: value.timeoutMs,
      stepName: value.stepName,
      stepKey: value.stepKey,
      attempt: value.attempt,
    };
  }
  return STEP_TIMEOUT_MARKER in value ? value[STEP_TIMEOUT_MARKER] : undefined;
}

/**
 * @internal Wraps what a timed-out attempt throws, so the step recognises its own timeouts
 * whatever the configured error is (strings and numbers included).
 */
export class TimeoutHit {
  constructor(readonly error: unknown) {}
}

/** @internal Validates a step's timeout option once, before the first attempt. */
export function assertTimeoutOptions(timeout: TimeoutOptions, where: string): void {
  if (typeof timeout !== "object" || timeout === null) {
    throw badInput(where, "timeout", "an object like { ms: 5000 }", timeout);
  }
  const ms = timeout.ms;
  // Number.isFinite is false for every non-number, so no typeof check is needed.
  if (!Number.isFinite(ms) || ms <= 0) {
    throw badInput(where, "timeout.ms", "a finite number of ms > 0", ms, RangeError);
  }
}

/**
 * @internal Runs one attempt under a timeout on `clock`. The timer is cleared however the
 * operation ends (sync throw included), so nothing fires after the attempt is over. With the run's `signal`, an
 * abort clears the timer, aborts the attempt's own signal and rejects with a cancel exit; the
 * operation then receives the attempt's signal (`timeout.signal`) or else the run's.
 */
export function runWithTimeout<R extends Result<unknown, unknown, unknown>>(
  operation: (signal?: AbortSignal) => R | Promise<R>,
  timeout: TimeoutOptions,
  meta: StepTimeoutMarkerMeta,
  runSignal: AbortSignal | undefined,
  clock: Timers,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const controller = new AbortController();
    // Clearing a timer that already fired is harmless, so every way out goes through `done`.
    const done = (): void => {
      clock.clearTimeout(timer);
      runSignal?.removeEventListener("abort", onAbort);
    };
    const onAbort = (): void => {
      done();
      controller.abort((runSignal as AbortSignal).reason);
      reject(cancelExit(runSignal as AbortSignal));
    };
    const timer = clock.setTimeout(() => {
      done();
      controller.abort();
      reject(new TimeoutHit(timeoutValue(timeout, meta)));
    }, timeout.ms);
    runSignal?.addEventListener("abort", onAbort, { once: true });
    // A sync throw of the operation becomes a rejection here, so it takes the same way out.
    new Promise<R>((settle) =>
      settle(
        timeout.signal
          ? operation(controller.signal)
          : runSignal !== undefined
            ? operation(runSignal)
            : operation(),
      ),
    ).then(
      (value) => {
        done();
        resolve(value);
      },
      (reason: unknown) => {
        done();
        reject(reason);
      },
    );
  });
}

function timeoutValue(timeout: TimeoutOptions, meta: StepTimeoutMarkerMeta): unknown {
  const custom = timeout.error;
  if (custom === undefined || custom === null) {
    const error: StepTimeoutError = { type: "STEP_TIMEOUT", ...meta };
    return error;
  }
  if (typeof custom === "object" && (custom as { type?: unknown }).type !== "STEP_TIMEOUT") {
    // Refreshed on every timeout, so a reused error object reports its latest attempt. A frozen
    // object cannot be marked: it is still the step's error, only not recognised as a timeout.
    try {
      Object.defineProperty(custom, STEP_TIMEOUT_MARKER, { value: meta, writable: true });
    } catch {
      // not extensible
    }
  }
  return custom;
}
