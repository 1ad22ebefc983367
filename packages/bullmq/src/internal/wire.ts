import {
  decodeValue,
  encodeResult,
  err,
  parseResult,
  type Result,
  type UnexpectedError,
  type WireResult,
} from "@awaitly/core";

type AnyResult = Result<unknown, unknown, unknown>;

// What the engine makes of a value it cannot store or read: the run's outcome is this error, whose
// cause (a WireEncodeError or WireDecodeError) names the path.
const unexpected = (thrown: unknown): UnexpectedError => ({
  type: "UNEXPECTED_ERROR",
  cause: { type: "UNCAUGHT_EXCEPTION", thrown },
});

/**
 * @internal A run's outcome as stored (the job's return value, the run record's `o`), through
 * core's wire codec. An outcome the codec cannot carry (a function in the value) is stored as an
 * `UnexpectedError` whose cause, a `WireEncodeError`, names the path: never silently changed.
 */
export function encodeOutcome(result: AnyResult): WireResult {
  const encoded = encodeResult(result, { root: "outcome" });
  if (encoded.ok) return encoded.value;
  const refused = encodeResult(err(unexpected(encoded.error)), { root: "outcome" });
  if (refused.ok) return refused.value;
  // The refusal's own cause could not be carried either (a toJSON that threw something odd).
  const plain = new Error(encoded.error.message);
  return (encodeResult(err(unexpected(plain)), { root: "outcome" }) as { value: WireResult }).value;
}

/** @internal Reads a stored outcome (today's format and bullmq 1.0's); unreadable text is an `UnexpectedError` outcome. */
export function decodeOutcome(text: string): AnyResult {
  const decoded = parseResult(text, { root: "outcome" });
  return decoded.ok ? decoded.value : err(unexpected(decoded.error));
}

/** @internal A run's input from its job data (plain JSON reads as itself); unreadable data is an `Err`. */
export function decodeInput(data: unknown): Result<unknown, UnexpectedError> {
  const decoded = decodeValue(data, { root: "input" });
  return decoded.ok ? decoded : err(unexpected(decoded.error));
}

/**
 * @internal The outcome of a run whose job failed for good without one (an exception outside the
 * workflow, a job BullMQ failed itself): an `UnexpectedError` carrying the failure reason.
 */
export function failedOutcome(reason: string): string {
  return JSON.stringify(encodeOutcome(err(unexpected(new Error(reason)))));
}
