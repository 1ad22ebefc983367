import {
  decodeEntry,
  decodeOutcome,
  encodeEntry,
  encodeOutcome,
  type Result,
  type ResumeStateEntry,
} from "@awaitly/core";

type AnyResult = Result<unknown, unknown, unknown>;

// Everything a run stores (input, checkpoints, signal payloads, outcome) goes through core's wire
// codec, as on Redis: a test sees values exactly as a worker would read them back (a `Date` as a
// `Date`, a class instance refused), never the objects the body held.

/** @internal A run's outcome as stored: one the codec cannot carry becomes an `UnexpectedError` naming the path. */
export const storeOutcome = (result: AnyResult): string => JSON.stringify(encodeOutcome(result));

/** @internal A stored outcome read back (a fresh copy on every read, as `queue.result` gives). */
export const readOutcome = (text: string): AnyResult => decodeOutcome(text);

/** @internal A checkpoint entry as stored; throws the codec's `WireEncodeError` for one it refuses. */
export function storeEntry(entry: ResumeStateEntry): string {
  const encoded = encodeEntry(entry);
  if (!encoded.ok) throw encoded.error;
  return JSON.stringify(encoded.value);
}

/** @internal A stored checkpoint entry read back. */
export function readEntry(text: string): ResumeStateEntry {
  const decoded = decodeEntry(JSON.parse(text) as unknown);
  if (!decoded.ok) throw decoded.error;
  return decoded.value;
}
