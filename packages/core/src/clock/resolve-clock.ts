import { badInput } from "../run/internal/bad-input";
import { realClock, type Clock } from "./clock";

/** @internal Rejects a `clock` option that is not a Clock, naming where it was given. */
export function assertClock(clock: unknown, where: string): asserts clock is Clock | undefined {
  const c = clock as Partial<Clock> | null | undefined;
  if (
    c !== undefined &&
    (typeof c?.now !== "function" ||
      typeof c.setTimeout !== "function" ||
      typeof c.clearTimeout !== "function")
  ) {
    throw badInput(where, 'option "clock"', "a Clock", clock);
  }
}

/**
 * Validates a `clock` option once, where it is given, and applies the default: `undefined` is the
 * real clock; anything but a Clock (`now`, `setTimeout`, `clearTimeout`) throws a `TypeError`
 * naming `where`.
 * @example
 * const clock = resolveClock(options.clock, `createRateLimiter("${name}")`);
 */
export function resolveClock(clock: unknown, where: string): Clock {
  assertClock(clock, where);
  return clock ?? realClock;
}
