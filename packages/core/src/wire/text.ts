import { err, type Result } from "../result/result";
import { WireDecodeError } from "./errors";
import type { WireEncodeError } from "./errors";
import type { WireOptions } from "./options";
import { decodeResult, encodeResult } from "./result";
import { decodeValue, encodeValue } from "./value";

// The encoded form is plain JSON nested no deeper than the value, so JSON.stringify cannot throw on it.
const toText = <E>(encoded: Result<unknown, E>): Result<string, E> =>
  encoded.ok ? { ok: true, value: JSON.stringify(encoded.value) } : encoded;

function fromText<T>(
  text: string,
  root: string,
  decode: (json: unknown) => Result<T, WireDecodeError>,
): Result<T, WireDecodeError> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return err(
      new WireDecodeError(
        "malformed-json",
        root,
        `Cannot decode ${root}: the text is not valid JSON`,
        { cause },
      ),
    );
  }
  return decode(json);
}

/**
 * Encodes a value as JSON text with the wire codec (see `encodeValue`); the `Err` names the path of
 * the first part it cannot carry.
 * @example
 * const text = stringifyValue({ at: new Date(), tags: new Set(["a"]) }, { root: "payload" });
 */
export const stringifyValue = (
  value: unknown,
  options?: WireOptions,
): Result<string, WireEncodeError> => toText(encodeValue(value, options));

/** Decodes JSON text written by `stringifyValue`; invalid JSON is an `Err` with reason "malformed-json". */
export const parseValue = (text: string, options?: WireOptions): Result<unknown, WireDecodeError> =>
  fromText(text, options?.root ?? "value", (json) => decodeValue(json, options));

/**
 * Encodes a Result as JSON text (the 1.0.0 `serializeResult` shape, every part through the codec).
 * @example
 * const text = stringifyResult(outcome, { root: "outcome" });
 * if (text.ok) await redis.set(key, text.value);
 */
export const stringifyResult = (
  result: Result<unknown, unknown, unknown>,
  options?: WireOptions,
): Result<string, WireEncodeError> => toText(encodeResult(result, options));

/** Decodes JSON text written by `stringifyResult` (or by 1.0.0's persistence and bullmq formats) back into a Result. */
export const parseResult = (
  text: string,
  options?: WireOptions,
): Result<Result<unknown, unknown, unknown>, WireDecodeError> =>
  fromText(text, options?.root ?? "result", (json) => decodeResult(json, options));
