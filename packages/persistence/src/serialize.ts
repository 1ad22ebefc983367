import {
  decodeCause,
  decodeEntry,
  decodeMeta,
  decodeResult,
  encodeCause,
  encodeEntry,
  encodeMeta,
  encodeResult,
  type Result,
  type ResumeStateEntry,
  type StepFailureMeta,
  type WireCause,
  type WireEntry,
  type WireMeta,
  type WireResult,
} from "@awaitly/core";
import { orParseError, orSerializeError } from "./internal/wire-errors";

// Every function here is @awaitly/core's wire codec with 1.0.0's names: plain JSON values and
// Error causes are written exactly as 1.0.0 wrote them, and 1.0.0's data still reads.

/** A cause encoded for JSON: an `Error` as name/message/stack (plus its cause and fields), `undefined` as a marker, anything else as an encoded value. */
export type SerializedCause = WireCause;

/** A `Result` encoded for JSON: `value`, `error` and `cause` alike go through core's wire codec. */
export type SerializedResult = WireResult;

/** Step failure metadata encoded for JSON. */
export type SerializedMeta = WireMeta;

/** One resume-state entry encoded for JSON. */
export type SerializedEntry = WireEntry;

/**
 * Encodes a cause so that it survives `JSON.stringify`: Errors keep name, message, stack, cause and fields.
 * @throws StateSerializeError naming the path when the cause holds something the codec refuses (a function, a cycle…).
 */
export function serializeCause(cause: unknown): SerializedCause {
  return orSerializeError("serializeCause", encodeCause(cause));
}

/** Decodes a cause written by `serializeCause`; encoded Errors come back as `Error`s with their name. */
export function deserializeCause(serialized: SerializedCause): unknown {
  return orParseError("deserializeCause", serialized, decodeCause);
}

/**
 * Encodes a `Result`: `Ok` as `{ ok, value }`, `Err` as `{ ok, error, cause }` with an encoded cause.
 * @throws StateSerializeError naming the path when the Result holds something the codec refuses.
 */
export function serializeResult(result: Result<unknown, unknown, unknown>): SerializedResult {
  return orSerializeError("serializeResult", encodeResult(result));
}

/** Decodes a `SerializedResult` back into an `Ok` or `Err` built with core's constructors. */
export function deserializeResult(serialized: SerializedResult): Result<unknown, unknown, unknown> {
  return orParseError("deserializeResult", serialized, decodeResult);
}

/**
 * Encodes step failure metadata (where a failure came from and its cause).
 * @throws StateSerializeError naming the path when the cause holds something the codec refuses.
 */
export function serializeMeta(meta: StepFailureMeta): SerializedMeta {
  return orSerializeError("serializeMeta", encodeMeta(meta));
}

/** Decodes step failure metadata written by `serializeMeta`. */
export function deserializeMeta(serialized: SerializedMeta): StepFailureMeta {
  return orParseError("deserializeMeta", serialized, decodeMeta);
}

/**
 * Encodes one resume-state entry (result and optional failure metadata).
 * @throws StateSerializeError naming the path when the entry holds something the codec refuses.
 */
export function serializeEntry(entry: ResumeStateEntry): SerializedEntry {
  return orSerializeError("serializeEntry", encodeEntry(entry));
}

/** Decodes one resume-state entry written by `serializeEntry`. */
export function deserializeEntry(serialized: SerializedEntry): ResumeStateEntry {
  return orParseError("deserializeEntry", serialized, decodeEntry);
}
