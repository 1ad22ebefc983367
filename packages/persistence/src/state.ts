import {
  decodeEntry,
  encodeEntry,
  encodeValue,
  type ResumeState,
  type ResumeStateEntry,
} from "@awaitly/core";
import { setOwn } from "./internal/own";
import { orParseError, orSerializeError } from "./internal/wire-errors";
import type { SerializedEntry } from "./serialize";
import { StateParseError } from "./state-parse-error";
import { maxBytesOption, toJson } from "./state-size";

/** Options of `stringifyState` and `stringifyEntry`. */
export interface StringifyStateOptions {
  /** Largest serialised size in UTF-8 bytes; `0` turns the limit off. Defaults to `10485760` (10 MiB). */
  maxBytes?: number | undefined;
}

/** A whole `ResumeState` encoded for JSON (wire format version 1). */
export interface SerializedState {
  version: number;
  entries: Record<string, SerializedEntry>;
  metadata?: Record<string, unknown> | undefined;
}

const FORMAT_VERSION = 1;

/**
 * Encodes a `ResumeState` (and optional run metadata) as a JSON-safe object.
 * @throws StateSerializeError naming the path (`entries["charge"].result.value.at`) of a value the codec refuses.
 */
export function serializeState(
  state: ResumeState,
  metadata?: Record<string, unknown>,
): SerializedState {
  return serializeStateAs("serializeState", state, metadata);
}

function serializeStateAs(
  where: string,
  state: ResumeState,
  metadata: Record<string, unknown> | undefined,
): SerializedState {
  const entries: Record<string, SerializedEntry> = {};
  for (const [key, entry] of state.steps) {
    const root = `entries[${JSON.stringify(key)}]`;
    // Own-property definition, so a step named "__proto__" becomes a key instead of a prototype.
    setOwn(entries, key, orSerializeError(where, encodeEntry(entry, { root })));
  }
  const encoded =
    metadata === undefined
      ? undefined
      : (orSerializeError(where, encodeValue(metadata, { root: "metadata" })) as Record<
          string,
          unknown
        >);
  return { version: FORMAT_VERSION, entries, metadata: encoded };
}

/** Decodes a `SerializedState` into a `ResumeState` (metadata is not part of it). */
export function deserializeState(serialized: SerializedState): ResumeState {
  const steps = new Map<string, ResumeStateEntry>();
  for (const [key, entry] of Object.entries(serialized.entries)) {
    const root = `entries[${JSON.stringify(key)}]`;
    steps.set(
      key,
      orParseError("deserializeState", entry, (json) => decodeEntry(json, { root })),
    );
  }
  return { steps };
}

/**
 * Encodes a `ResumeState` as compact JSON text.
 * @throws StateSerializeError when the state nests too deeply, holds a value the codec refuses (`path` names it), or is over `maxBytes`.
 */
export function stringifyState(
  state: ResumeState,
  metadata?: Record<string, unknown>,
  options?: StringifyStateOptions,
): string {
  const max = maxBytesOption("stringifyState", options?.maxBytes);
  return toJson(serializeStateAs("stringifyState", state, metadata), "stringifyState", max);
}

/**
 * Encodes one resume-state entry as compact JSON text (what per-step checkpointers store).
 * @throws StateSerializeError when the entry nests too deeply, holds a value the codec refuses (`path` names it), or is over `maxBytes`.
 */
export function stringifyEntry(entry: ResumeStateEntry, options?: StringifyStateOptions): string {
  const max = maxBytesOption("stringifyEntry", options?.maxBytes);
  return toJson(orSerializeError("stringifyEntry", encodeEntry(entry)), "stringifyEntry", max);
}

/**
 * Parses text written by `stringifyState`.
 * @throws StateParseError for malformed JSON, a value that is not a state, or an unknown format version.
 */
export function parseState(json: string): ResumeState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (cause) {
    throw new StateParseError("malformed-json", `parseState: the text is not valid JSON`, {
      cause,
    });
  }
  return deserializeState(checkState(parsed, "parseState"));
}

/** @internal Checks a parsed value is a version-1 `SerializedState` with well-formed entries. */
export function checkState(parsed: unknown, where: string): SerializedState {
  if (!isRecord(parsed)) {
    throw new StateParseError("invalid-shape", `${where}: expected an object, got ${kind(parsed)}`);
  }
  if (parsed.version !== FORMAT_VERSION) {
    throw new StateParseError(
      "unsupported-version",
      `${where}: unsupported state format version ${String(parsed.version)} (this package reads version ${FORMAT_VERSION})`,
    );
  }
  const entries = parsed.entries;
  if (!isRecord(entries)) {
    throw new StateParseError(
      "invalid-shape",
      `${where}: "entries" must be an object, got ${kind(entries)}`,
    );
  }
  for (const [key, entry] of Object.entries(entries)) {
    const problem = entryProblem(entry);
    if (problem !== undefined) {
      throw new StateParseError(
        "invalid-shape",
        `${where}: entry ${JSON.stringify(key)} ${problem}`,
      );
    }
  }
  return parsed as unknown as SerializedState;
}

function entryProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return `must be an object, got ${kind(entry)}`;
  const result = entry.result;
  if (!isRecord(result) || typeof result.ok !== "boolean") {
    return `needs "result": { "ok": true|false, ... }`;
  }
  if (result.cause !== undefined && !isCause(result.cause)) return `has a malformed "cause"`;
  const meta = entry.meta;
  if (meta === undefined) return undefined;
  if (!isRecord(meta) || (meta.origin !== "result" && meta.origin !== "throw")) {
    return `has "meta" without origin "result" or "throw"`;
  }
  for (const field of ["resultCause", "thrown"] as const) {
    if (meta[field] !== undefined && !isCause(meta[field])) return `has a malformed meta.${field}`;
  }
  return undefined;
}

function isCause(value: unknown): boolean {
  return (
    isRecord(value) &&
    (value.type === "error" || value.type === "value" || value.type === "undefined")
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}
