import {
  decodeEntry,
  encodeEntry,
  encodeResult,
  err,
  parseResult,
  type Result,
  type ResumeStateEntry,
  type UnexpectedError,
  type WireResult,
} from "@awaitly/core";

type AnyResult = Result<unknown, unknown, unknown>;

// Everything a run stores (input, checkpoints, signal payloads, outcome) goes through core's wire
// codec, as on Redis: a test sees values exactly as a worker would read them back (a `Date` as a
// `Date`, a class instance refused), never the objects the body held.

const unexpected = (thrown: unknown): UnexpectedError => ({
  type: "UNEXPECTED_ERROR",
  cause: { type: "UNCAUGHT_EXCEPTION", thrown },
});

/** @internal A run's outcome as stored: one the codec cannot carry becomes an `UnexpectedError` naming the path. */
export function storeOutcome(result: AnyResult): string {
  const encoded = encodeResult(result, { root: "outcome" });
  if (encoded.ok) return JSON.stringify(encoded.value);
  const refused = encodeResult(err(unexpected(encoded.error)), { root: "outcome" });
  if (refused.ok) return JSON.stringify(refused.value);
  const plain = encodeResult(err(unexpected(new Error(encoded.error.message))), {
    root: "outcome",
  }) as { value: WireResult };
  return JSON.stringify(plain.value);
}

/** @internal A stored outcome read back (a fresh copy on every read, as `queue.result` gives). */
export function readOutcome(text: string): AnyResult {
  const decoded = parseResult(text, { root: "outcome" });
  return decoded.ok ? decoded.value : err(unexpected(decoded.error));
}

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
