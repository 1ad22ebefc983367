/** Options accepted by every tagged error constructor as its second argument. */
export interface TaggedErrorOptions {
  cause?: unknown;
}

/** Options for the second form of `TaggedError`, which derives the message (and props type) from a callback. */
export interface TaggedErrorCreateOptions<Props extends Record<string, unknown>> {
  message: (props: Props) => string;
}

/** What every tagged error is: an `Error` with a string `_tag` discriminant. */
export interface TaggedErrorBase extends Error {
  readonly _tag: string;
}

/** The instance type of a tagged error class with tag `Tag` and props `Props`. */
export type TaggedErrorInstance<Tag extends string, Props> = TaggedErrorBase & {
  readonly _tag: Tag;
} & Readonly<Props>;

/** Props are optional exactly when an empty object satisfies them; options always are. */
export type TaggedErrorConstructorArgs<Props extends Record<string, unknown>> =
  Record<never, never> extends Props
    ? [props?: Props | void, options?: TaggedErrorOptions]
    : [props: Props, options?: TaggedErrorOptions];

/** The generic class `TaggedError(tag)` returns; its props are supplied when extending it. */
export interface TaggedErrorClassFactory<Tag extends string> {
  new <Props extends Record<string, unknown> = Record<string, never>>(
    ...args: TaggedErrorConstructorArgs<Props>
  ): TaggedErrorInstance<Tag, Props>;
}

/** The class `TaggedError(tag, { message })` returns, its props inferred from the callback. */
export interface TaggedErrorConstructor<Tag extends string, Props extends Record<string, unknown>> {
  new (...args: TaggedErrorConstructorArgs<Props>): TaggedErrorInstance<Tag, Props>;
  readonly prototype: TaggedErrorInstance<Tag, Props>;
}

/** The `_tag` literal of a tagged error type (or the union of them). */
export type TagOf<E extends TaggedErrorBase> = E["_tag"];

/** The member of the error union `E` whose tag is `Tag`. */
export type ErrorByTag<E extends TaggedErrorBase, Tag extends E["_tag"]> = Extract<
  E,
  { _tag: Tag }
>;

type ReservedErrorKeys = "_tag" | "name" | "message" | "stack";

/** The user-defined fields of a tagged error (everything but `_tag`, `name`, `message`, `stack`). */
export type PropsOf<E extends TaggedErrorBase> = Omit<E, ReservedErrorKeys>;
