import { err, ok, type Result } from "../result/result";
import { decodeChild, decodeError, decodeWith, failure, isRecord, type Decoder } from "./decoder";
import {
  encodeAt,
  encodeChild,
  encodeErrorShape,
  encodeWith,
  enter,
  leave,
  type Encoder,
} from "./encoder";
import { isError } from "./error-shape";
import type { WireDecodeError, WireEncodeError } from "./errors";
import type { WireOptions } from "./options";
import type { Segment } from "./path";
import type { WireCause, WireResult } from "./wire-types";

/** @internal Runs `fn` one segment below the current path (at the root when `segment` is undefined). */
export function below<T>(segments: Segment[], segment: Segment | undefined, fn: () => T): T {
  if (segment === undefined) return fn();
  segments.push(segment);
  const out = fn();
  segments.pop();
  return out;
}

/** @internal Encodes a cause one segment below the current path. */
export function encodeCauseAt(
  encoder: Encoder,
  segment: Segment | undefined,
  cause: unknown,
): WireCause {
  if (cause === undefined) return { type: "undefined" };
  return below(encoder.segments, segment, (): WireCause => {
    if (typeof cause !== "object" || cause === null || !isError(cause)) {
      return { type: "value", value: encodeAt(encoder, cause, segment ?? "") };
    }
    enter(encoder, cause);
    const shape = encodeErrorShape(encoder, cause);
    leave(encoder);
    // The 1.0.0 keys first, so a plain Error cause is written exactly as 1.0.0 wrote it.
    const encoded: WireCause = {
      type: "error",
      errorName: shape.name,
      errorMessage: shape.message,
      errorStack: shape.stack,
    };
    if (shape.cause !== undefined) encoded.errorCause = shape.cause;
    if (shape.fields !== undefined) encoded.errorFields = shape.fields;
    return encoded;
  });
}

/** @internal Decodes a cause (its 1.0.0 form included) one segment below the current path. */
export function decodeCauseAt(
  decoder: Decoder,
  segment: Segment | undefined,
  json: unknown,
): unknown {
  return below(decoder.segments, segment, () => {
    if (!isRecord(json)) {
      throw failure(
        decoder,
        "invalid-shape",
        'a cause must be { "type": "error" | "value" | "undefined", ... }',
      );
    }
    if (json.type === "undefined") return undefined;
    if (json.type !== "error") return decodeChild(decoder, "value", json.value);
    return decodeError(
      decoder,
      typeof json.errorName === "string" ? json.errorName : "Error",
      typeof json.errorMessage === "string" ? json.errorMessage : "Unknown error",
      typeof json.errorStack === "string" ? json.errorStack : undefined,
      json,
      "errorCause",
      json.errorFields,
    );
  });
}

// A Result's own `undefined` value or error stays an absent key, as 1.0.0 wrote it.
const slot = (encoder: Encoder, segment: Segment, value: unknown): unknown =>
  value === undefined ? undefined : encodeChild(encoder, segment, value);

/** @internal Encodes a Result: `{ ok, value }` or `{ ok, error, cause }` (the cause key always there). */
export function encodeResultAt(
  encoder: Encoder,
  result: Result<unknown, unknown, unknown>,
): WireResult {
  if (result.ok) return { ok: true, value: slot(encoder, "value", result.value) };
  return {
    ok: false,
    error: slot(encoder, "error", result.error),
    cause: result.cause !== undefined ? encodeCauseAt(encoder, "cause", result.cause) : undefined,
  };
}

/** @internal Decodes a Result; `ok` is read by truthiness and a cause only when present, as 1.0.0 did. */
export function decodeResultAt(decoder: Decoder, json: unknown): Result<unknown, unknown, unknown> {
  if (!isRecord(json))
    throw failure(decoder, "invalid-shape", 'a Result must be an object { "ok": true|false, ... }');
  if (json.ok) return ok(decodeChild(decoder, "value", json.value));
  const error = decodeChild(decoder, "error", json.error);
  const cause = json.cause ? decodeCauseAt(decoder, "cause", json.cause) : undefined;
  return cause === undefined ? err(error) : err(error, { cause });
}

/**
 * Encodes a Result's cause for the wire; see `encodeValue` for what is carried and refused.
 * @example
 * const cause = encodeCause(new TypeError("bad")); // ok({ type: "error", errorName: "TypeError", ... })
 */
export function encodeCause(
  cause: unknown,
  options?: WireOptions,
): Result<WireCause, WireEncodeError> {
  return encodeWith("encodeCause", "cause", options, (encoder) =>
    encodeCauseAt(encoder, undefined, cause),
  );
}

/** Decodes a cause written by `encodeCause` (or by @awaitly/persistence 1.0.0's `serializeCause`). */
export function decodeCause(
  json: unknown,
  options?: WireOptions,
): Result<unknown, WireDecodeError> {
  return decodeWith("decodeCause", "cause", options, (decoder) =>
    decodeCauseAt(decoder, undefined, json),
  );
}

/**
 * Encodes a Result as a JSON-safe object (`value`, `error` and `cause` alike go through the codec);
 * the `Err` names the first part the codec refused.
 * @example
 * const wire = encodeResult(ok({ at: new Date() }), { root: "outcome" });
 */
export function encodeResult(
  result: Result<unknown, unknown, unknown>,
  options?: WireOptions,
): Result<WireResult, WireEncodeError> {
  return encodeWith("encodeResult", "result", options, (encoder) =>
    encodeResultAt(encoder, result),
  );
}

/** Decodes a Result written by `encodeResult` (or by 1.0.0's `serializeResult`, or bullmq's `$awaitlyError` form). */
export function decodeResult(
  json: unknown,
  options?: WireOptions,
): Result<Result<unknown, unknown, unknown>, WireDecodeError> {
  return decodeWith("decodeResult", "result", options, (decoder) => decodeResultAt(decoder, json));
}
