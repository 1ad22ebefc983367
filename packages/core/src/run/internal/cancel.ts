import { badInput } from "./bad-input";
import type { Timers } from "./run-context";
import { ignore } from "./running";
import { createEarlyExit, type EarlyExit } from "../early-exit";
import type { CancelledError } from "../../result/errors";

/**
 * @internal The early exit a step throws once the run's signal has aborted. It unwinds the body
 * like a failed step, but is never cached, checkpointed or reported to `onError`.
 */
export function cancelExit(signal: AbortSignal): EarlyExit<CancelledError> {
  const error: CancelledError = { type: "CANCELLED", reason: signal.reason };
  const exit = createEarlyExit(error, { origin: "throw", thrown: signal.reason });
  // Marked privately: a user error that happens to say "CANCELLED" is still an ordinary failure.
  (exit as Record<symbol, unknown>)[CANCEL] = true;
  return exit;
}

const CANCEL: unique symbol = Symbol("cancel-exit");

/** @internal True for the early exit of a cancelled run (see `cancelExit`). */
export const isCancelExit = (e: unknown): e is EarlyExit<CancelledError> =>
  typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[CANCEL] === true;

/** @internal Rejects `signal` values that are not an AbortSignal, naming where it came from. */
export function assertSignal(
  signal: unknown,
  where: string,
): asserts signal is AbortSignal | undefined {
  if (
    signal !== undefined &&
    (typeof (signal as AbortSignal | null)?.aborted !== "boolean" ||
      typeof (signal as AbortSignal).addEventListener !== "function")
  ) {
    throw badInput(where, 'option "signal"', "an AbortSignal", signal);
  }
}

/**
 * @internal Settles like `pending`, or rejects with a cancel exit as soon as `signal` aborts. The
 * listener is removed when `pending` settles, so a long run does not accumulate one per step, and
 * `pending` always has a handler (a late rejection is never unhandled).
 */
export function untilAborted<T>(signal: AbortSignal, pending: T | PromiseLike<T>): Promise<T> {
  if (signal.aborted) {
    Promise.resolve(pending).then(undefined, ignore);
    return Promise.reject(cancelExit(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelExit(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(pending).then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (reason: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(reason);
      },
    );
  });
}

/**
 * @internal Waits `ms` on `clock` (the global timers are looked up when called, so fake timers
 * apply), or with a `signal` stops waiting (timer cleared) with a cancel exit when it aborts.
 */
export function sleepUnlessAborted(
  ms: number,
  signal: AbortSignal | undefined,
  clock: Timers,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelExit(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(cancelExit(signal as AbortSignal));
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
