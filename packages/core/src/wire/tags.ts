// The tagged forms of wire format 1: `{ "$awaitly": 1, "<kind>": payload }`. The number is the
// format version, so a later format can be told apart (and refused, not misread) by this one.

/** @internal The key that marks a tagged value. */
export const TAG = "$awaitly";

/** @internal The key @awaitly/bullmq 1.0 wrapped Errors in (`{ "$awaitlyError": {...} }`); still read. */
export const LEGACY_ERROR_TAG = "$awaitlyError";

/** The version of the wire format this copy of `@awaitly/core` writes (and the newest it reads). */
export const WIRE_FORMAT_VERSION = 1;

/** @internal The kinds a tagged value can hold in format 1. */
export type TagKind =
  "undefined" | "number" | "bigint" | "date" | "bytes" | "map" | "set" | "error" | "object";

/** @internal Builds a tagged value. */
export const tagged = (kind: TagKind, payload: unknown): Record<string, unknown> => ({
  [TAG]: WIRE_FORMAT_VERSION,
  [kind]: payload,
});

/** @internal True when a plain object would be read back as a tagged value (so it must be escaped). */
export const looksTagged = (value: object): boolean =>
  Object.hasOwn(value, TAG) || Object.hasOwn(value, LEGACY_ERROR_TAG);

/** @internal Defines an own enumerable property, so a `__proto__` key is data, never a prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}
