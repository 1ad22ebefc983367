/** Anything with a string `_tag` discriminant: plain objects, `TaggedError` instances, events. */
export type Tagged<Tag extends string = string> = { readonly _tag: Tag };

/** The `_tag` union of a tagged union. */
export type TagOf<T extends Tagged> = T["_tag"];

/** The member of `T` whose tag is `Tag`. */
export type MatchTag<T extends Tagged, Tag extends string> = Extract<T, { _tag: Tag }>;

/** A match in progress: `Remaining` is the variants not yet handled, `Output` the results so far. */
export interface Matcher<Input extends Tagged, Remaining extends Tagged, Output> {
  readonly _tag: "Matcher";
  readonly value: Input;
  readonly handlers: Map<string, (value: Tagged) => unknown>;
  /** Phantom: only its type is used. */
  readonly _remaining: Remaining;
  /** Phantom: only its type is used. */
  readonly _output: Output;
}

/** Declared for compatibility with awaitly 1.0.0; no function produces it. */
export interface CompletedMatcher<Output> {
  readonly _tag: "CompletedMatcher";
  readonly result: Output;
}

/** The matcher `matchValue` returns: chain handlers and finish with `.pipe(…)`. */
export type PipedMatcher<Input extends Tagged, Remaining extends Tagged, Output> = Matcher<
  Input,
  Remaining,
  Output
> & {
  pipe: <NewRemaining extends Tagged, NewOutput>(
    fn: (self: Matcher<Input, Remaining, Output>) => Matcher<Input, NewRemaining, NewOutput>,
  ) => PipedMatcher<Input, NewRemaining, NewOutput>;
} & {
  // Second signature: terminal steps (`exhaustive`, `orElse`, `orElseValue`) return a plain result.
  pipe: <R>(fn: (self: Matcher<Input, Remaining, Output>) => R) => R;
};
