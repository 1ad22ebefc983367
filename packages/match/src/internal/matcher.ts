import type { Matcher, PipedMatcher, Tagged } from "../types";

type Handler = (value: Tagged) => unknown;
type Guard = {
  tag: string;
  predicate: Handler;
  handler: Handler;
  fallback: Handler | undefined;
};

// Only matchers built here are re-wrapped by `pipe`, never a handler's result that looks like one.
const matchers = new WeakSet<object>();
// Guard wrappers stay plain functions in `handlers` (the 1.0.0 shape); their parts live here.
const guards = new WeakMap<Handler, Guard>();

/** The result of running a handler chain in which every guard declined and no plain handler exists. */
export const NO_MATCH: unique symbol = Symbol("awaitly.match.noMatch");

/** @internal */
export function createMatcher<I extends Tagged, R extends Tagged, O>(
  value: I,
  handlers: Map<string, Handler>,
  remaining: unknown,
): Matcher<I, R, O> {
  const m = { _tag: "Matcher", value, handlers, _remaining: remaining, _output: undefined };
  matchers.add(m);
  return m as unknown as Matcher<I, R, O>;
}

/** @internal Adds `pipe` to a matcher; `pipe` hands the bare matcher to its step. */
export function withPipe<I extends Tagged, R extends Tagged, O>(
  m: Matcher<I, R, O>,
): PipedMatcher<I, R, O> {
  const pipe = (fn: (self: Matcher<I, R, O>) => unknown): unknown => {
    const result = fn(m);
    return typeof result === "object" && result !== null && matchers.has(result)
      ? withPipe(result as Matcher<I, Tagged, unknown>)
      : result;
  };
  return { ...m, pipe } as unknown as PipedMatcher<I, R, O>;
}

/** @internal Runs a registered handler or guard chain; `NO_MATCH` when nothing applies. */
export function dispatch(fn: Handler | undefined, value: Tagged): unknown {
  let current = fn;
  while (current) {
    const guard = guards.get(current);
    if (!guard) return current(value);
    if (guard.predicate(value)) return guard.handler(value);
    current = guard.fallback;
  }
  return NO_MATCH;
}

/** @internal A guard that is tried before `fallback` (the earlier guards or the tag's handler). */
export function makeGuard(guard: Guard): Handler {
  const fn: Handler = (value) => {
    const result = dispatch(fn, value);
    if (result === NO_MATCH) throw new Error(`No handler matched for tag: ${guard.tag}`);
    return result;
  };
  guards.set(fn, guard);
  return fn;
}

/** @internal Installs `base` as the tag's handler underneath any guards already registered. */
export function withBase(existing: Handler | undefined, base: Handler): Handler {
  const guard = existing && guards.get(existing);
  if (!guard) return base;
  return makeGuard({ ...guard, fallback: withBase(guard.fallback, base) });
}
