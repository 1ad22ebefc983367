import type { Result } from "../result/result";
import { decodeAt, decodeWith } from "./decoder";
import { encodeAt, encodeWith } from "./encoder";
import type { WireDecodeError, WireEncodeError } from "./errors";
import type { WireOptions } from "./options";
import type { WireJson } from "./wire-types";

/**
 * Encodes a value as JSON-safe data: plain JSON comes back as itself (the same reference);
 * `Date`, `Map`, `Set`, `BigInt`, `undefined`, `NaN`/`±Infinity`/`-0`, `Uint8Array` and `Error`
 * (name, message, stack, cause, own fields) become tagged objects; an object with `toJSON` is
 * stored as what it returns. Functions, symbols, cycles, sparse arrays, class instances without
 * `toJSON` and nesting past `maxDepth` are refused: the `Err` names the path of the first one.
 * @example
 * const encoded = encodeValue(job.input, { root: "input" });
 * if (!encoded.ok) return encoded; // WireEncodeError: "Cannot encode input.customer.notify: ..."
 */
export function encodeValue(
  value: unknown,
  options?: WireOptions,
): Result<WireJson, WireEncodeError> {
  return encodeWith(
    "encodeValue",
    "value",
    options,
    (encoder) => encodeAt(encoder, value, "") as WireJson,
  );
}

/**
 * Decodes data written by `encodeValue` (plain JSON decodes to itself, the same reference);
 * bullmq 1.0's `{ "$awaitlyError": ... }` Errors are read too.
 */
export function decodeValue(
  json: unknown,
  options?: WireOptions,
): Result<unknown, WireDecodeError> {
  return decodeWith("decodeValue", "value", options, (decoder) => decodeAt(decoder, json));
}
