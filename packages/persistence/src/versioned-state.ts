import type { ResumeState, ResumeStateEntry } from "@awaitly/core";
import type { Version, VersionedState } from "./versioning";

interface SerializedVersionedState {
  version: number;
  state: { steps: Array<[string, ResumeStateEntry]> };
}

/** Tags a `ResumeState` with a workflow version (no copy). */
export function createVersionedState(state: ResumeState, version: Version): VersionedState {
  return { version, state };
}

/** Encodes a `VersionedState` as JSON with steps as `[key, entry]` pairs (entries written raw). */
export function stringifyVersionedState(state: VersionedState): string {
  return JSON.stringify({
    version: state.version,
    state: { steps: Array.from(state.state.steps.entries()) },
  });
}

/** Parses text or an object written by `stringifyVersionedState`; anything unreadable gives `null`. */
export function parseVersionedState(
  json: string | SerializedVersionedState | null | undefined,
): VersionedState | null {
  if (!json) return null;
  try {
    const parsed: unknown = typeof json === "string" ? JSON.parse(json) : json;
    if (typeof parsed !== "object" || parsed === null) return null;
    const { version, state } = parsed as { version?: unknown; state?: { steps?: unknown } };
    if (!("version" in parsed) || typeof version !== "number") return null;
    if (!("state" in parsed) || !state || !Array.isArray(state.steps)) return null;
    const steps = new Map<string, ResumeStateEntry>(
      state.steps as Array<[string, ResumeStateEntry]>,
    );
    return { version, state: { steps } };
  } catch {
    return null;
  }
}
