import { err, ok, type Result } from "../result/result";
import { readWireOptions, type WireOptions } from "./options";
import { toBase64 } from "./base64";
import { WireEncodeError, isWireEncodeError, type WireEncodeErrorReason } from "./errors";
import { errorFieldKeys, isError } from "./error-shape";
import { formatPath, shortPath, type Segment } from "./path";
import { mapFields, mapItems } from "./copy-on-change";
import { looksTagged, tagged } from "./tags";

/** @internal The state of one encode: where it is (for paths), what it is inside (for cycles). */
export interface Encoder {
  readonly root: string;
  readonly maxDepth: number;
  readonly segments: Segment[];
  /** The objects being encoded, outermost first, and the path length at which each was entered. */
  readonly ancestors: object[];
  readonly ancestorAt: number[];
}

/** @internal The JSON-safe form of an Error (the payload of its tagged value). */
export interface ErrorShape {
  name: string;
  message: string;
  stack?: string;
  cause?: unknown;
  fields?: Record<string, unknown>;
}

/**
 * @internal Runs one encode with fresh state; a refusal, or anything user code (toJSON, a getter)
 * throws on the way, becomes the `Err`. The segments are not unwound on a throw, so they still
 * spell where it happened.
 */
export function encodeWith<T>(
  where: string,
  defaultRoot: string,
  options: WireOptions | undefined,
  encode: (encoder: Encoder) => T,
): Result<T, WireEncodeError> {
  const { root, maxDepth } = readWireOptions(where, options, defaultRoot);
  const encoder: Encoder = { root, maxDepth, segments: [], ancestors: [], ancestorAt: [] };
  try {
    return ok(encode(encoder));
  } catch (thrown) {
    if (isWireEncodeError(thrown)) return err(thrown);
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    return err(
      refusal(
        encoder,
        "threw",
        `reading it threw (${reason}); make its toJSON or getters total`,
        thrown,
      ),
    );
  }
}

/** @internal A refusal at the encoder's current path. */
export function refusal(
  encoder: Encoder,
  reason: WireEncodeErrorReason,
  what: string,
  cause?: unknown,
): WireEncodeError {
  const path = formatPath(encoder.root, encoder.segments);
  return new WireEncodeError(reason, path, `Cannot encode ${shortPath(path)}: ${what}`, { cause });
}

/** @internal Encodes `value` one segment below the current path. */
export function encodeChild(encoder: Encoder, segment: Segment, value: unknown): unknown {
  encoder.segments.push(segment);
  const encoded = encodeAt(encoder, value, segment);
  encoder.segments.pop();
  return encoded;
}

/** @internal Encodes a value at the current path; plain JSON comes back as the same reference. */
export function encodeAt(encoder: Encoder, value: unknown, key: Segment): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) && (value !== 0 || 1 / value > 0)
        ? value
        : tagged("number", value === 0 ? "-0" : String(value));
    case "bigint":
      return tagged("bigint", value.toString());
    case "undefined":
      return tagged("undefined", true);
    case "function":
      throw refusal(
        encoder,
        "function",
        "a function has no wire form; store data, not behaviour (drop it or map it to a value first)",
      );
    case "symbol":
      throw refusal(encoder, "symbol", "a symbol has no wire form; use a string instead");
    default: {
      if (value === null) return null;
      enter(encoder, value as object);
      const encoded = encodeObject(encoder, value as object, key);
      leave(encoder);
      return encoded;
    }
  }
}

/** @internal Marks `value` as being encoded: refuses a cycle back to it, or nesting past maxDepth. */
export function enter(encoder: Encoder, value: object): void {
  const { ancestors, ancestorAt, segments } = encoder;
  const at = ancestors.indexOf(value);
  if (at !== -1) {
    const target = formatPath(encoder.root, segments, ancestorAt[at]);
    throw refusal(
      encoder,
      "cycle",
      `it refers back to ${shortPath(target)} (a cycle); store an id instead of the reference, or break the cycle`,
    );
  }
  if (ancestors.length >= encoder.maxDepth) {
    throw refusal(
      encoder,
      "too-deep",
      `the value is nested deeper than ${encoder.maxDepth} levels; flatten it or store a reference (option "maxDepth")`,
    );
  }
  ancestors.push(value);
  ancestorAt.push(segments.length);
}

/** @internal Undoes `enter`. */
export function leave(encoder: Encoder): void {
  encoder.ancestors.pop();
  encoder.ancestorAt.pop();
}

function encodeObject(encoder: Encoder, value: object, key: Segment): unknown {
  if (Array.isArray(value)) return encodeArray(encoder, value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    if (hasToJSON(value)) return encodeAt(encoder, value.toJSON(keyName(key)), key);
    const record = value as Record<string, unknown>;
    return looksTagged(record)
      ? tagged("object", encodeFields(encoder, record, Object.keys(record), true))
      : encodeFields(encoder, record, Object.keys(record), false);
  }
  if (value instanceof Date) {
    return tagged("date", Number.isNaN(value.getTime()) ? null : value.toISOString());
  }
  if (value instanceof Map) return encodeMap(encoder, value);
  if (value instanceof Set) return encodeSet(encoder, value);
  if (value instanceof Uint8Array) return tagged("bytes", toBase64(value));
  if (isError(value)) return tagged("error", encodeErrorShape(encoder, value));
  if (hasToJSON(value)) return encodeAt(encoder, value.toJSON(keyName(key)), key);
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  const kind =
    typeof name === "string" && name !== "" ? `an instance of ${name}` : "a class instance";
  throw refusal(
    encoder,
    "class-instance",
    `${kind} has no wire form; give the class a toJSON() method or convert it to a plain object first`,
  );
}

// What JSON.stringify passes to toJSON: the property name or index ("" at the root and in Maps/Sets).
const keyName = (key: Segment): string => (typeof key === "object" ? "" : String(key));

const hasToJSON = (value: object): value is { toJSON(key: string): unknown } =>
  typeof (value as { toJSON?: unknown }).toJSON === "function";

/** @internal Encodes the given own keys of `value` (see `mapFields`). */
export const encodeFields = (
  encoder: Encoder,
  value: Record<string, unknown>,
  keys: readonly string[],
  fresh: boolean,
): Record<string, unknown> =>
  mapFields(encoder.segments, value, keys, fresh, (field, key) => encodeAt(encoder, field, key));

const encodeArray = (encoder: Encoder, value: readonly unknown[]): unknown[] =>
  mapItems(encoder.segments, value, (item, index) => {
    if (item === undefined && !(index in value)) {
      throw refusal(
        encoder,
        "sparse-array",
        "the array has a hole here; fill it with undefined or null",
      );
    }
    return encodeAt(encoder, item, index);
  });

function encodeMap(
  encoder: Encoder,
  value: ReadonlyMap<unknown, unknown>,
): Record<string, unknown> {
  const pairs: unknown[] = [];
  let index = 0;
  for (const [key, item] of value) {
    const encodedKey = encodeChild(encoder, { mapKey: index }, key);
    pairs.push([encodedKey, encodeChild(encoder, { mapValue: key, index }, item)]);
    index++;
  }
  return tagged("map", pairs);
}

function encodeSet(encoder: Encoder, value: ReadonlySet<unknown>): Record<string, unknown> {
  const items: unknown[] = [];
  for (const item of value) items.push(encodeChild(encoder, { setItem: items.length }, item));
  return tagged("set", items);
}

/** @internal An Error's name, message, stack, cause and own enumerable fields, encoded. */
export function encodeErrorShape(encoder: Encoder, error: Error): ErrorShape {
  const shape: ErrorShape = { name: String(error.name), message: String(error.message) };
  if (typeof error.stack === "string") shape.stack = error.stack;
  if (Object.hasOwn(error, "cause")) shape.cause = encodeChild(encoder, "cause", error.cause);
  const keys = errorFieldKeys(error);
  if (keys.length > 0) {
    shape.fields = encodeFields(encoder, error as unknown as Record<string, unknown>, keys, true);
  }
  return shape;
}
