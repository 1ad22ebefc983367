import { createMatcher, withPipe } from "./internal/matcher";
import type { PipedMatcher, Tagged } from "./types";

/**
 * Starts a match on a tagged value; add handlers with `.pipe(…)`.
 *
 * @example
 * const text = Match.value(event)
 *   .pipe(Match.tag("Click", (e) => `click at ${e.x}`))
 *   .pipe(Match.tag("Scroll", (e) => `scroll to ${e.y}`))
 *   .pipe(Match.exhaustive);
 */
export function matchValue<T extends Tagged>(input: T): PipedMatcher<T, T, never> {
  return withPipe(createMatcher<T, T, never>(input, new Map(), input));
}
