import type { TaggedErrorBase } from "./types";

/** @internal The one base every factory-made class extends; backs `instanceof TaggedError`. */
export class TaggedErrorRoot extends Error {}

type FnReturnType<T> = T extends (...args: never[]) => infer R ? R : never;
type HandlersReturnType<H> = { [K in keyof H]: FnReturnType<H[K]> }[keyof H];
type DefinitelyHandledKeys<H> = {
  [K in keyof H]-?: undefined extends H[K] ? never : K;
}[keyof H];

/** True for any `Error` instance. */
export function isErrorValue(value: unknown): value is Error {
  return value instanceof Error;
}

/** True only for instances made by a `TaggedError` class (not for `_tag`-shaped plain objects). */
export function isTaggedErrorValue(value: unknown): value is TaggedErrorBase {
  return value instanceof TaggedErrorRoot;
}

/** Calls the handler for the error's `_tag`; every tag of the union must have one. */
export function matchTagged<
  E extends TaggedErrorBase,
  H extends { [K in E["_tag"]]: (e: Extract<E, { _tag: K }>) => unknown },
>(error: E, handlers: H): HandlersReturnType<H> {
  const handler = (handlers as Record<string, unknown>)[error._tag];
  if (typeof handler !== "function") {
    // Types rule this out; it happens with casts or errors from a newer producer.
    throw new TypeError(
      `TaggedError.match: no handler for tag "${String(error._tag)}"; add one or use TaggedError.matchPartial`,
    );
  }
  return (handler as (e: E) => HandlersReturnType<H>)(error);
}

/** Calls the handler for the error's `_tag` when there is one, otherwise `otherwise(error)`. */
export function matchTaggedPartial<
  E extends TaggedErrorBase,
  // `| undefined` lets `flag ? handler : undefined` through under exactOptionalPropertyTypes.
  H extends { [K in E["_tag"]]?: ((e: Extract<E, { _tag: K }>) => unknown) | undefined },
  T,
>(
  error: E,
  handlers: H,
  otherwise: (e: Exclude<E, { _tag: DefinitelyHandledKeys<H> }>) => T,
): HandlersReturnType<H> | T {
  const handler = (handlers as Record<string, unknown>)[error._tag];
  if (handler) return (handler as (e: E) => HandlersReturnType<H>)(error);
  return otherwise(error as Exclude<E, { _tag: DefinitelyHandledKeys<H> }>);
}
