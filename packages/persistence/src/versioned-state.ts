import { err, ok, type Result, type ResumeState, type ResumeStateEntry } from "@awaitly/core";
import { decodeRawEntry, encodeRawEntry } from "./internal/raw-entry";
import { StateParseError } from "./state-parse-error";
import type { Version, VersionedState } from "./versioning";

interface SerializedVersionedState {
  version: number;
  state: { steps: Array<[string, ResumeStateEntry]> };
}

const WHERE = "parseVersionedState";
const SHAPE = '{ "version": number, "state": { "steps": [[key, entry], ...] } }';

/** Tags a `ResumeState` with a workflow version (no copy). */
export function createVersionedState(state: ResumeState, version: Version): VersionedState {
  return { version, state };
}

/**
 * Encodes a `VersionedState` as JSON with steps as `[key, entry]` pairs: entries keep their raw
 * shape, each value in them written with core's wire codec (plain JSON as `JSON.stringify` writes it).
 * @throws StateSerializeError naming the path of a value the codec refuses (a function, a cycle…).
 */
export function stringifyVersionedState(state: VersionedState): string {
  const steps = Array.from(state.state.steps, ([key, entry]) => [key, encodeRawEntry(key, entry)]);
  return JSON.stringify({ version: state.version, state: { steps } });
}

/**
 * Parses text or an object written by `stringifyVersionedState`, checking every step entry.
 * Empty input (`null`, `undefined`, `""`) is `ok(null)`: nothing saved yet. Anything else that is
 * not a versioned state is an `err` with a `StateParseError` saying what is wrong.
 * @example
 * const parsed = parseVersionedState(await kv.get("order-42"));
 * if (!parsed.ok) console.error(parsed.error.message);
 * else await load(parsed.value);
 */
export function parseVersionedState(
  json: string | SerializedVersionedState | null | undefined,
): Result<VersionedState | null, StateParseError> {
  if (json === null || json === undefined || json === "") return ok(null);
  let parsed: unknown = json;
  if (typeof json === "string") {
    try {
      parsed = JSON.parse(json);
    } catch (cause) {
      return err(
        new StateParseError("malformed-json", `${WHERE}: the text is not valid JSON`, { cause }),
      );
    }
  }
  const problem = (message: string): Result<never, StateParseError> =>
    err(new StateParseError("invalid-shape", `${WHERE}: ${message}`));
  if (!isRecord(parsed)) return problem(`expected an object ${SHAPE}, got ${kind(parsed)}`);
  const { version, state } = parsed;
  if (typeof version !== "number" || !Number.isFinite(version)) {
    return problem(`"version" must be a finite number, got ${describe(version)}`);
  }
  if (!isRecord(state) || !Array.isArray(state.steps)) {
    return problem(`"state.steps" must be an array of [key, entry] pairs`);
  }
  const steps = new Map<string, ResumeStateEntry>();
  for (const [index, pair] of (state.steps as unknown[]).entries()) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string") {
      return problem(`step #${index} must be a [key, entry] pair with a string key`);
    }
    const [key, entry] = pair as [string, unknown];
    const wrong = entryProblem(entry);
    if (wrong !== undefined) return problem(`step ${JSON.stringify(key)} ${wrong}`);
    const decoded = decodeRawEntry(key, entry as ResumeStateEntry);
    if (!decoded.ok) return decoded;
    steps.set(key, decoded.value);
  }
  return ok({ version, state: { steps } });
}

function entryProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return `must be an object { result, meta? }, got ${kind(entry)}`;
  const result = entry.result;
  if (!isRecord(result) || typeof result.ok !== "boolean") {
    return `needs "result": { "ok": true|false, ... }`;
  }
  const meta = entry.meta;
  if (
    meta !== undefined &&
    (!isRecord(meta) || (meta.origin !== "result" && meta.origin !== "throw"))
  ) {
    return `has "meta" without origin "result" or "throw"`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

function describe(value: unknown): string {
  return typeof value === "string"
    ? JSON.stringify(value)
    : kind(value) === "number"
      ? String(value)
      : kind(value);
}
