import type { Tagged, TagOf } from "./types";

/** A type guard for one tag; pass type arguments when there is no contextual type. */
export function is<T extends Tagged, Tag extends string>(
  tagValue: Tag,
): (value: T) => value is Extract<T, { _tag: Tag }> {
  return (value): value is Extract<T, { _tag: Tag }> => value._tag === tagValue;
}

/** A type guard for any of several tags. */
export function isOneOf<T extends Tagged, Tags extends TagOf<T>[]>(
  ...tags: Tags
): (value: T) => value is Extract<T, { _tag: Tags[number] }> {
  const set = new Set<string>(tags);
  return (value): value is Extract<T, { _tag: Tags[number] }> => set.has(value._tag);
}
