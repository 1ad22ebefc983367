/** @internal One step of a path: a property, an index, or a place inside a Map or Set. */
export type Segment =
  | string
  | number
  | { readonly mapKey: number }
  | { readonly mapValue: unknown; readonly index: number }
  | { readonly setItem: number };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** @internal Spells a path the way code would reach it: `input.customer["first name"].tags[2]`. */
export function formatPath(
  root: string,
  segments: readonly Segment[],
  upTo = segments.length,
): string {
  let path = root;
  for (let i = 0; i < upTo; i++) {
    const segment = segments[i] as Segment;
    if (typeof segment === "number") path += `[${segment}]`;
    else if (typeof segment === "string") {
      path += IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    } else if ("mapKey" in segment) path += `.keys()[${segment.mapKey}]`;
    else if ("setItem" in segment) path += `.values()[${segment.setItem}]`;
    else path += mapValuePath(segment.mapValue, segment.index);
  }
  return path;
}

function mapValuePath(key: unknown, index: number): string {
  switch (typeof key) {
    case "string":
      return `.get(${JSON.stringify(key)})`;
    case "number":
    case "boolean":
      return `.get(${String(key)})`;
    case "bigint":
      return `.get(${key}n)`;
    default:
      return `.values()[${index}]`;
  }
}

/** @internal A path shortened for a message (a too-deep path can run to thousands of segments). */
export const shortPath = (path: string): string =>
  path.length <= 160 ? path : `${path.slice(0, 150)}…(${path.length} characters)`;
