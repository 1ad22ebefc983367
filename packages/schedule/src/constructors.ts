import { Duration, type Duration as DurationT } from "@awaitly/core";
import { BASE_INITIAL, assertCount, assertDuration, cont, done, wrap } from "./internal/state";
import type { Schedule } from "./types";

/** Continues forever with no delay; output is the iteration number. */
export function forever<In = unknown>(): Schedule<In, number> {
  return wrap(BASE_INITIAL, (_input, s) => cont(Duration.zero, s.iterations));
}

/** Continues `n` times with no delay (outputs 0…n-1), then is done. */
export function recurs<In = unknown>(n: number): Schedule<In, number> {
  assertCount("recurs", "n", n);
  return wrap(BASE_INITIAL, (_input, s) =>
    s.iterations < n ? cont(Duration.zero, s.iterations) : done(),
  );
}

/** Continues once with no delay. */
export function once<In = unknown>(): Schedule<In, void> {
  return wrap(BASE_INITIAL, (_input, s) =>
    s.iterations === 0 ? cont(Duration.zero, undefined) : done(),
  );
}

/** Never continues. */
export function stop<In = unknown>(): Schedule<In, never> {
  return wrap(BASE_INITIAL, () => done());
}

/** The same delay every time; output is the iteration number. */
export function spaced<In = unknown>(delay: DurationT): Schedule<In, number> {
  assertDuration("spaced", "delay", delay);
  return wrap(BASE_INITIAL, (_input, s) => cont(delay, s.iterations));
}

/** Alias of `spaced`. */
export const fixed: typeof spaced = spaced;

/** `base · factor^i`: 100, 200, 400… for 100 ms; output is the delay. */
export function exponential<In = unknown>(base: DurationT, factor = 2): Schedule<In, DurationT> {
  assertDuration("exponential", "base", base);
  if (!Number.isFinite(factor) || factor < 1)
    throw new RangeError(`exponential: factor must be a finite number ≥ 1, got ${String(factor)}`);
  return wrap(BASE_INITIAL, (_input, s) => {
    const delay = Duration.multiply(base, Math.pow(factor, s.iterations));
    return cont(delay, delay);
  });
}

/** `base · (i + 1)`: 100, 200, 300…; output is the delay. */
export function linear<In = unknown>(base: DurationT): Schedule<In, DurationT> {
  assertDuration("linear", "base", base);
  return wrap(BASE_INITIAL, (_input, s) => {
    const delay = Duration.multiply(base, s.iterations + 1);
    return cont(delay, delay);
  });
}

const FIB: number[] = [1, 1];
while (FIB.length < 50) FIB.push(FIB[FIB.length - 1]! + FIB[FIB.length - 2]!);

/** `base · F(i)` with F = 1, 1, 2, 3, 5, … (constant from the 50th step); output is the delay. */
export function fibonacci<In = unknown>(base: DurationT): Schedule<In, DurationT> {
  assertDuration("fibonacci", "base", base);
  return wrap(BASE_INITIAL, (_input, s) => {
    const delay = Duration.multiply(base, FIB[Math.min(s.iterations, 49)]!);
    return cont(delay, delay);
  });
}
