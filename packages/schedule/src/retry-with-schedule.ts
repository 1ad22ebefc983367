import { Duration, resolveClock, type AsyncResult, type Clock, type Result } from "@awaitly/core";
import { run } from "./run";
import type { Schedule } from "./types";

/** Options of `retryWithSchedule`. */
export interface RetryWithScheduleOptions<E> {
  /** Whether a failure may be retried at all. Defaults to always. */
  retryOn?: ((error: E, attempt: number) => boolean) | undefined;
  /** Called before sleeping for the next attempt. Defaults to none. */
  onRetry?: ((error: E, attempt: number, delayMs: number) => void) | undefined;
  /** What the waits between attempts sleep on (a virtual clock in tests). Defaults to the real clock. */
  clock?: Clock | undefined;
}

/**
 * A schedule as a step's retry policy: returns an operation that runs `operation`, and after each
 * `Err` asks the schedule (fed the error) whether and how long to wait before trying again. Pass it
 * to `step`: `step(retryWithSchedule(schedule, () => fetchUser(id)), "fetch user")`. The waits
 * use `options.clock`; the real clock's timers are read at call time, so fake timers apply.
 */
export function retryWithSchedule<T, E, C = unknown>(
  schedule: Schedule<E, unknown>,
  operation: () => Result<T, E, C> | AsyncResult<T, E, C>,
  options: RetryWithScheduleOptions<E> = {},
): () => AsyncResult<T, E, C> {
  if (typeof operation !== "function") {
    throw new TypeError(`retryWithSchedule: operation must be a function, got ${typeof operation}`);
  }
  if (typeof schedule !== "object" || schedule === null || schedule._tag !== "Schedule") {
    throw new TypeError("retryWithSchedule: schedule must be a Schedule");
  }
  const clock = resolveClock(options.clock, "retryWithSchedule");
  return async () => {
    const driver = run(schedule);
    for (let attempt = 1; ; attempt++) {
      const result = await operation();
      if (result.ok) return result;
      if (options.retryOn && !options.retryOn(result.error, attempt)) return result;
      const next = driver.next(result.error);
      if (next.done) return result;
      const delayMs = Math.max(0, Duration.toMillis(next.value.delay));
      options.onRetry?.(result.error, attempt, delayMs);
      await new Promise<void>((resolve) => clock.setTimeout(resolve, delayMs));
    }
  };
}
