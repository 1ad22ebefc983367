import type { Result } from "../result/result";
import type { WireDecodeError } from "./decode-error";
import { createDecoder, decodeAt, runDecoder } from "./decoder";
import type { WireEncodeError } from "./encode-error";
import { createEncoder, encodeAt, runEncoder } from "./encoder";
import { readWireOptions, type WireOptions } from "./options";
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
  const encoder = createEncoder(readWireOptions("encodeValue", options, "value"));
  return runEncoder(encoder, () => encodeAt(encoder, value, "") as WireJson);
}

/**
 * Decodes data written by `encodeValue` (plain JSON decodes to itself, the same reference);
 * bullmq 1.0's `{ "$awaitlyError": ... }` Errors are read too.
 */
export function decodeValue(
  json: unknown,
  options?: WireOptions,
): Result<unknown, WireDecodeError> {
  const decoder = createDecoder(readWireOptions("decodeValue", options, "value"));
  return runDecoder(() => decodeAt(decoder, json));
}
