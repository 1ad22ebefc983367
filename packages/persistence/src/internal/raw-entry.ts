import {
  decodeValue,
  encodeValue,
  err,
  ok,
  type Result,
  type ResumeStateEntry,
} from "@awaitly/core";
import { StateParseError } from "../state-parse-error";
import { orSerializeError } from "./wire-errors";

// The versioned-state format keeps 1.0.0's raw entries ({ result: { ok, value | error, cause },
// meta }), but every value in them goes through core's wire codec: plain JSON is written as before,
// an Error cause is no longer `{}`, and a slot holding `undefined` stays an absent key.
const SLOTS = [
  ["result", "value"],
  ["result", "error"],
  ["result", "cause"],
  ["meta", "resultCause"],
  ["meta", "thrown"],
] as const;

type Slotted = Record<"result" | "meta", Record<string, unknown> | undefined>;

/** @internal An entry with each value encoded (a copy; `entry` is not changed). */
export function encodeRawEntry(key: string, entry: ResumeStateEntry): unknown {
  return mapSlots(key, entry, (value, root) =>
    orSerializeError("stringifyVersionedState", encodeValue(value, { root })),
  );
}

/** @internal Decodes the values of an entry checked by `parseVersionedState` (a copy). */
export function decodeRawEntry(
  key: string,
  entry: ResumeStateEntry,
): Result<ResumeStateEntry, StateParseError> {
  try {
    return ok(
      mapSlots(key, entry, (value, root) => {
        const decoded = decodeValue(value, { root });
        if (decoded.ok) return decoded.value;
        const { reason, message } = decoded.error;
        const kind = reason === "unsupported-version" ? "unsupported-version" : "invalid-shape";
        throw new StateParseError(kind, `parseVersionedState: ${message}`, {
          cause: decoded.error,
        });
      }),
    );
  } catch (error) {
    if (error instanceof StateParseError) return err(error);
    throw error;
  }
}

function mapSlots(
  key: string,
  entry: ResumeStateEntry,
  map: (value: unknown, root: string) => unknown,
): ResumeStateEntry {
  const out: Slotted = {
    result: { ...entry.result },
    meta: entry.meta && { ...entry.meta },
  };
  for (const [part, slot] of SLOTS) {
    const holder = out[part];
    if (holder === undefined || holder[slot] === undefined) continue;
    holder[slot] = map(holder[slot], `state.steps.get(${JSON.stringify(key)}).${part}.${slot}`);
  }
  return { ...entry, ...out } as unknown as ResumeStateEntry;
}
