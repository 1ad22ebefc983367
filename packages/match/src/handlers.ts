import { createMatcher, makeGuard, withBase } from "./internal/matcher";
import type { Matcher, MatchTag, Tagged, TagOf } from "./types";

type AnyHandler = (value: Tagged) => unknown;
/** Keys whose handler is certainly a function (not `undefined`). */
type DefinitelyHandled<H> = { [K in keyof H]-?: undefined extends H[K] ? never : K }[keyof H];

/** Handles one remaining tag; handling a tag twice is a compile error. */
export function tag<
  Input extends Tagged,
  Remaining extends Tagged,
  Output,
  Tag extends TagOf<Remaining>,
  NewOutput,
>(
  tagValue: Tag,
  handler: (value: MatchTag<Remaining, Tag>) => NewOutput,
): (
  matcher: Matcher<Input, Remaining, Output>,
) => Matcher<Input, Exclude<Remaining, { _tag: Tag }>, Output | NewOutput> {
  return (matcher) => {
    const handlers = new Map(matcher.handlers);
    handlers.set(tagValue, withBase(handlers.get(tagValue), handler as AnyHandler));
    return createMatcher(matcher.value, handlers, undefined);
  };
}

/** Handles several remaining tags at once; an `undefined` handler leaves its tag unhandled. */
export function tags<
  Input extends Tagged,
  Remaining extends Tagged,
  Output,
  Handlers extends {
    [K in TagOf<Remaining>]?: ((value: MatchTag<Remaining, K>) => unknown) | undefined;
  },
>(
  handlers: Handlers,
): (
  matcher: Matcher<Input, Remaining, Output>,
) => Matcher<
  Input,
  Exclude<Remaining, { _tag: DefinitelyHandled<Handlers> }>,
  Output | ReturnType<NonNullable<Handlers[keyof Handlers]>>
> {
  return (matcher) => {
    const next = new Map(matcher.handlers);
    for (const [key, handler] of Object.entries(handlers)) {
      if (handler) next.set(key, withBase(next.get(key), handler as AnyHandler));
    }
    return createMatcher(matcher.value, next, undefined);
  };
}

/**
 * Handles values of a tag that satisfy `predicate`, before the tag's own handler (whether added
 * before or after); values it declines go to that handler, or to `orElse`.
 */
export function when<
  Input extends Tagged,
  Remaining extends Tagged,
  Output,
  Tag extends TagOf<Input>,
  NewOutput,
>(
  tagValue: Tag,
  predicate: (value: MatchTag<Input, Tag>) => boolean,
  handler: (value: MatchTag<Input, Tag>) => NewOutput,
): (matcher: Matcher<Input, Remaining, Output>) => Matcher<Input, Remaining, Output | NewOutput> {
  return (matcher) => {
    const handlers = new Map(matcher.handlers);
    const guard = makeGuard({
      tag: tagValue,
      predicate: predicate as AnyHandler,
      handler: handler as AnyHandler,
      fallback: handlers.get(tagValue),
    });
    handlers.set(tagValue, guard);
    return createMatcher(matcher.value, handlers, matcher._remaining);
  };
}
