import { dispatch, NO_MATCH } from "./internal/matcher";
import type { Matcher, Tagged } from "./types";

/** Finishes a match whose every tag is handled (a compile error otherwise) and returns the result. */
export function exhaustive<Input extends Tagged, Output>(
  matcher: Matcher<Input, never, Output>,
): Output {
  const { value } = matcher;
  const handler = matcher.handlers.get(value._tag);
  if (!handler) throw new Error(`No handler for tag: ${value._tag}`);
  const result = dispatch(handler, value);
  if (result === NO_MATCH) throw new Error(`No handler matched for tag: ${value._tag}`);
  return result as Output;
}

/** Finishes a match, sending unhandled values (and values every guard declined) to `handler`. */
export function orElse<Input extends Tagged, Remaining extends Tagged, Output, DefaultOutput>(
  handler: (value: Remaining) => DefaultOutput,
): (matcher: Matcher<Input, Remaining, Output>) => Output | DefaultOutput {
  return (matcher) => {
    const { value } = matcher;
    const result = dispatch(matcher.handlers.get(value._tag), value);
    return result === NO_MATCH
      ? handler(value as unknown as Remaining)
      : (result as Output | DefaultOutput);
  };
}

/** Finishes a match, returning `defaultValue` itself for unhandled values. */
export function orElseValue<Input extends Tagged, Remaining extends Tagged, Output, DefaultOutput>(
  defaultValue: DefaultOutput,
): (matcher: Matcher<Input, Remaining, Output>) => Output | DefaultOutput {
  return orElse<Input, Remaining, Output, DefaultOutput>(() => defaultValue);
}
