import { err, ok, type Result } from "../result/result";
import { readWireOptions, type WireOptions } from "./options";
import { fromBase64 } from "./base64";
import { WireDecodeError, isWireDecodeError, type WireDecodeErrorReason } from "./errors";
import { RESERVED_ERROR_KEYS, restoreError } from "./error-shape";
import { formatPath, shortPath, type Segment } from "./path";
import { mapFields, mapItems } from "./copy-on-change";
import { LEGACY_ERROR_TAG, TAG, WIRE_FORMAT_VERSION, setOwn } from "./tags";

/** @internal The state of one decode: where it is (for paths) and how deep. */
export interface Decoder {
  readonly root: string;
  readonly maxDepth: number;
  readonly segments: Segment[];
  depth: number;
}

/** @internal Runs one decode with fresh state; a problem in the data becomes the `Err`. */
export function decodeWith<T>(
  where: string,
  defaultRoot: string,
  options: WireOptions | undefined,
  decode: (decoder: Decoder) => T,
): Result<T, WireDecodeError> {
  const { root, maxDepth } = readWireOptions(where, options, defaultRoot);
  const decoder: Decoder = { root, maxDepth, segments: [], depth: 0 };
  try {
    return ok(decode(decoder));
  } catch (thrown) {
    if (isWireDecodeError(thrown)) return err(thrown);
    throw thrown;
  }
}

/** @internal A decode failure at the decoder's current path. */
export function failure(
  decoder: Decoder,
  reason: WireDecodeErrorReason,
  what: string,
): WireDecodeError {
  const path = formatPath(decoder.root, decoder.segments);
  return new WireDecodeError(reason, path, `Cannot decode ${shortPath(path)}: ${what}`);
}

/** @internal True for a JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** @internal Decodes `json` one segment below the current path. */
export function decodeChild(decoder: Decoder, segment: Segment, json: unknown): unknown {
  decoder.segments.push(segment);
  const value = decodeAt(decoder, json);
  decoder.segments.pop();
  return value;
}

/** @internal Decodes a wire value; plain JSON comes back as the same reference. */
export function decodeAt(decoder: Decoder, json: unknown): unknown {
  if (typeof json !== "object" || json === null) return json;
  if (decoder.depth >= decoder.maxDepth) {
    throw failure(
      decoder,
      "too-deep",
      `the data nests deeper than ${decoder.maxDepth} levels (option "maxDepth")`,
    );
  }
  decoder.depth++;
  const value = Array.isArray(json)
    ? decodeArray(decoder, json)
    : Object.hasOwn(json, TAG)
      ? decodeTagged(decoder, json as Record<string, unknown>)
      : Object.hasOwn(json, LEGACY_ERROR_TAG)
        ? decodeLegacyError(decoder, (json as Record<string, unknown>)[LEGACY_ERROR_TAG])
        : decodeFields(decoder, json as Record<string, unknown>, false);
  decoder.depth--;
  return value;
}

const decodeArray = (decoder: Decoder, json: readonly unknown[]): unknown[] =>
  mapItems(decoder.segments, json, (item) => decodeAt(decoder, item));

/** @internal Decodes every field of a JSON object; a copy is made only when one changes (or `fresh`). */
export const decodeFields = (
  decoder: Decoder,
  json: Record<string, unknown>,
  fresh: boolean,
): Record<string, unknown> =>
  mapFields(decoder.segments, json, Object.keys(json), fresh, (field) => decodeAt(decoder, field));

const NUMBERS: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
  "-0": -0,
};

function decodeTagged(decoder: Decoder, json: Record<string, unknown>): unknown {
  const version = json[TAG];
  if (typeof version === "number" && version > WIRE_FORMAT_VERSION) {
    throw failure(
      decoder,
      "unsupported-version",
      `it was written in wire format ${version}, newer than this @awaitly/core reads (${WIRE_FORMAT_VERSION}); upgrade @awaitly/core`,
    );
  }
  const keys = Object.keys(json);
  const kind = keys.length === 2 ? keys.find((key) => key !== TAG) : undefined;
  if (version !== WIRE_FORMAT_VERSION || kind === undefined) {
    throw failure(
      decoder,
      "malformed-tag",
      `a tagged value must be { "${TAG}": ${WIRE_FORMAT_VERSION}, "<kind>": payload }`,
    );
  }
  const payload = json[kind];
  const bad = (expected: string): WireDecodeError =>
    failure(decoder, "malformed-tag", `a "${kind}" tag needs ${expected}`);
  switch (kind) {
    case "undefined":
      return undefined;
    case "number": {
      const number = typeof payload === "string" ? NUMBERS[payload] : undefined;
      if (number === undefined) throw bad('"NaN", "Infinity", "-Infinity" or "-0"');
      return number;
    }
    case "bigint":
      if (typeof payload !== "string" || !/^-?\d+$/.test(payload)) throw bad("a decimal string");
      return BigInt(payload);
    case "date": {
      if (payload === null) return new Date(Number.NaN);
      const date = typeof payload === "string" ? new Date(payload) : undefined;
      if (date === undefined || Number.isNaN(date.getTime()))
        throw bad("an ISO date string or null");
      return date;
    }
    case "bytes": {
      const bytes = typeof payload === "string" ? fromBase64(payload) : undefined;
      if (bytes === undefined) throw bad("a base64 string");
      return bytes;
    }
    case "map":
      if (!Array.isArray(payload)) throw bad("an array of [key, value] pairs");
      return new Map(
        payload.map((pair: unknown, index) => {
          if (!Array.isArray(pair) || pair.length !== 2)
            throw bad("an array of [key, value] pairs");
          const key = decodeChild(decoder, { mapKey: index }, pair[0]);
          return [key, decodeChild(decoder, { mapValue: key, index }, pair[1])] as const;
        }),
      );
    case "set":
      if (!Array.isArray(payload)) throw bad("an array");
      return new Set(
        payload.map((item: unknown, index) => decodeChild(decoder, { setItem: index }, item)),
      );
    case "error":
      return decodeErrorShape(decoder, payload, bad);
    case "object":
      if (!isRecord(payload)) throw bad("an object");
      return decodeFields(decoder, payload, true);
    default:
      throw failure(
        decoder,
        "unknown-tag",
        `"${kind}" is not a kind this @awaitly/core knows; it may have been written by a newer version`,
      );
  }
}

function decodeErrorShape(
  decoder: Decoder,
  payload: unknown,
  bad: (expected: string) => WireDecodeError,
): Error {
  const expected = "{ name, message, stack?, cause?, fields? } with string name and message";
  if (
    !isRecord(payload) ||
    typeof payload.name !== "string" ||
    typeof payload.message !== "string"
  ) {
    throw bad(expected);
  }
  const { stack, fields } = payload;
  if (
    (stack !== undefined && typeof stack !== "string") ||
    (fields !== undefined && !isRecord(fields))
  ) {
    throw bad(expected);
  }
  return decodeError(decoder, payload.name, payload.message, stack, payload, "cause", fields);
}

/**
 * @internal Rebuilds an Error from its read name, message and stack, decoding its cause (the
 * `causeKey` of `holder`, when present) and its fields.
 */
export function decodeError(
  decoder: Decoder,
  name: string,
  message: string,
  stack: string | undefined,
  holder: Record<string, unknown>,
  causeKey: string,
  fields: unknown,
): Error {
  const hasCause = Object.hasOwn(holder, causeKey);
  return restoreError({
    name,
    message,
    stack,
    hasCause,
    cause: hasCause ? decodeChild(decoder, "cause", holder[causeKey]) : undefined,
    fields: isRecord(fields) ? decodeFields(decoder, fields, true) : undefined,
  });
}

// bullmq 1.0 wrote `{ "$awaitlyError": { name, message, stack?, cause?, ...fields } }`.
function decodeLegacyError(decoder: Decoder, payload: unknown): Error {
  if (!isRecord(payload)) {
    throw failure(decoder, "malformed-tag", `a "${LEGACY_ERROR_TAG}" value must be an object`);
  }
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(payload)) {
    if (!RESERVED_ERROR_KEYS.has(key)) setOwn(fields, key, payload[key]);
  }
  return decodeError(
    decoder,
    typeof payload.name === "string" ? payload.name : "Error",
    typeof payload.message === "string" ? payload.message : "",
    typeof payload.stack === "string" ? payload.stack : undefined,
    payload,
    "cause",
    fields,
  );
}
