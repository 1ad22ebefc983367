import type { Result } from "../result/result";
import type { StepFailureMeta } from "../run/early-exit";
import type { ResumeStateEntry } from "../run/step-cache";
import { decodeWith, failure, isRecord, type Decoder } from "./decoder";
import { encodeWith, type Encoder } from "./encoder";
import type { WireDecodeError, WireEncodeError } from "./errors";
import type { WireOptions } from "./options";
import { below, decodeCauseAt, decodeResultAt, encodeCauseAt, encodeResultAt } from "./result";
import type { WireEntry, WireMeta } from "./wire-types";

/** @internal Encodes failure metadata; `resultCause` may be absent, `thrown` is always written. */
export function encodeMetaAt(encoder: Encoder, meta: StepFailureMeta): WireMeta {
  if (meta.origin === "result") {
    return {
      origin: "result",
      resultCause:
        meta.resultCause !== undefined
          ? encodeCauseAt(encoder, "resultCause", meta.resultCause)
          : undefined,
    };
  }
  return { origin: "throw", thrown: encodeCauseAt(encoder, "thrown", meta.thrown) };
}

/** @internal Decodes failure metadata; any origin other than "result" reads as "throw", as in 1.0.0. */
export function decodeMetaAt(decoder: Decoder, json: unknown): StepFailureMeta {
  if (!isRecord(json))
    throw failure(
      decoder,
      "invalid-shape",
      'meta must be an object { "origin": "result" | "throw", ... }',
    );
  if (json.origin === "result") {
    return {
      origin: "result",
      resultCause: json.resultCause
        ? decodeCauseAt(decoder, "resultCause", json.resultCause)
        : undefined,
    };
  }
  return {
    origin: "throw",
    thrown: json.thrown ? decodeCauseAt(decoder, "thrown", json.thrown) : undefined,
  };
}

/** @internal Encodes an entry; the `meta` key is always there (undefined without metadata). */
export function encodeEntryAt(encoder: Encoder, entry: ResumeStateEntry): WireEntry {
  const { segments } = encoder;
  return {
    result: below(segments, "result", () => encodeResultAt(encoder, entry.result)),
    meta: entry.meta
      ? below(segments, "meta", () => encodeMetaAt(encoder, entry.meta as StepFailureMeta))
      : undefined,
    // Only when the entry has one: entries of older versions (and their text) stay as they were.
    ...(entry.order === undefined ? undefined : { order: entry.order }),
  };
}

/** @internal Decodes an entry; the `meta` key is always there (undefined without metadata). */
export function decodeEntryAt(decoder: Decoder, json: unknown): ResumeStateEntry {
  if (!isRecord(json))
    throw failure(
      decoder,
      "invalid-shape",
      'an entry must be an object { "result": ..., "meta"?: ... }',
    );
  const { segments } = decoder;
  const entry: ResumeStateEntry = {
    result: below(segments, "result", () => decodeResultAt(decoder, json.result)),
    meta: json.meta ? below(segments, "meta", () => decodeMetaAt(decoder, json.meta)) : undefined,
  };
  const { order } = json;
  if (order === undefined) return entry;
  if (typeof order !== "number" || !Number.isSafeInteger(order) || order < 0) {
    throw failure(decoder, "invalid-shape", "an entry's order must be a non-negative integer");
  }
  entry.order = order;
  return entry;
}

/** Encodes a step's failure metadata (where it came from and its cause) for the wire. */
export function encodeMeta(
  meta: StepFailureMeta,
  options?: WireOptions,
): Result<WireMeta, WireEncodeError> {
  return encodeWith("encodeMeta", "meta", options, (encoder) => encodeMetaAt(encoder, meta));
}

/** Decodes failure metadata written by `encodeMeta` (or by 1.0.0's `serializeMeta`). */
export function decodeMeta(
  json: unknown,
  options?: WireOptions,
): Result<StepFailureMeta, WireDecodeError> {
  return decodeWith("decodeMeta", "meta", options, (decoder) => decodeMetaAt(decoder, json));
}

/**
 * Encodes a resume-state entry (a step's Result and failure metadata), the unit checkpoints store.
 * @example
 * const wire = encodeEntry({ result: ok(new Map([["a", 1n]])) }, { root: 'steps["load"]' });
 */
export function encodeEntry(
  entry: ResumeStateEntry,
  options?: WireOptions,
): Result<WireEntry, WireEncodeError> {
  return encodeWith("encodeEntry", "entry", options, (encoder) => encodeEntryAt(encoder, entry));
}

/** Decodes an entry written by `encodeEntry` (or by 1.0.0's `serializeEntry`, or hitl's entry JSON). */
export function decodeEntry(
  json: unknown,
  options?: WireOptions,
): Result<ResumeStateEntry, WireDecodeError> {
  return decodeWith("decodeEntry", "entry", options, (decoder) => decodeEntryAt(decoder, json));
}
