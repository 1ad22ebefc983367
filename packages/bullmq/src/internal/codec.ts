import type { Result } from "@awaitly/core";
import { deserializeResult, serializeResult } from "@awaitly/persistence";

const ERROR_TAG = "$awaitlyError";

type EncodedError = { name: string; message: string; stack?: string | undefined } & Record<
  string,
  unknown
>;

// Errors nested anywhere (an UnexpectedError's thrown value, a TaggedError as `error`) keep their
// name, message and own fields, so `isX` guards that check a discriminant still match after Redis.
function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const encoded: EncodedError = { ...value, name: value.name, message: value.message };
  if (value.stack !== undefined) encoded.stack = value.stack;
  if (value.cause !== undefined) encoded.cause = value.cause;
  return { [ERROR_TAG]: encoded };
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || !(ERROR_TAG in value)) return value;
  const encoded = (value as Record<string, EncodedError>)[ERROR_TAG] as EncodedError;
  const { name, message, stack, ...fields } = encoded;
  const error = new Error(message);
  Object.assign(error, fields);
  Object.defineProperty(error, "name", { value: name, writable: true, configurable: true });
  if (stack !== undefined) error.stack = stack;
  return error;
}

/** @internal Result → JSON text for Redis, through the persistence serializer. */
export function encodeResult(result: Result<unknown, unknown, unknown>): string {
  return JSON.stringify(serializeResult(result), replacer);
}

/** @internal The inverse of `encodeResult`. */
export function decodeResult(text: string): Result<unknown, unknown, unknown> {
  return deserializeResult(JSON.parse(text, reviver) as Parameters<typeof deserializeResult>[0]);
}

/** @internal Any JSON value with nested Errors preserved (signal payloads). */
export const encodeValue = (value: unknown): string => JSON.stringify(value, replacer) ?? "null";

/** @internal The inverse of `encodeValue`. */
export const decodeValue = (text: string): unknown => JSON.parse(text, reviver);
