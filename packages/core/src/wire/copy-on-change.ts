// Encoding and decoding walk the same way: each field or item one path segment down, and a copy
// made only from the first one that changed, so plain JSON passes through as the same reference.
import type { Segment } from "./path";
import { setOwn } from "./tags";

/**
 * @internal Maps the given own keys of `source`. The segment is pushed before the read, so a
 * throwing getter is reported at its field. Unless `fresh`, `source` itself comes back when no
 * field changed.
 */
export function mapFields(
  segments: Segment[],
  source: Record<string, unknown>,
  keys: readonly string[],
  fresh: boolean,
  map: (field: unknown, key: string) => unknown,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined = fresh ? {} : undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    segments.push(key);
    const field = source[key];
    const mapped = map(field, key);
    segments.pop();
    if (copy === undefined) {
      if (mapped === field) continue;
      copy = {};
      for (let j = 0; j < i; j++) setOwn(copy, keys[j] as string, source[keys[j] as string]);
    }
    setOwn(copy, key, mapped);
  }
  return copy ?? source;
}

/** @internal Maps an array's items; the same array comes back when no item changed. */
export function mapItems(
  segments: Segment[],
  items: readonly unknown[],
  map: (item: unknown, index: number) => unknown,
): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    segments.push(i);
    const item = items[i];
    const mapped = map(item, i);
    segments.pop();
    if (copy === undefined) {
      if (mapped === item) continue;
      copy = items.slice(0, i);
    }
    copy.push(mapped);
  }
  return copy ?? (items as unknown[]);
}
