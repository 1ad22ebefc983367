import { uncaught } from "../result/errors";
import { err, type Result } from "../result/result";
import { runErrorClasses, type OutcomeErrorClass } from "../runs/run-errors";
import { isError } from "./error-shape";
import { parseResult } from "./text";
import { encodeResult } from "./result";
import type { WireResult } from "./wire-types";

type AnyResult = Result<unknown, unknown, unknown>;

// A durable engine stores a run's outcome once and every reader rebuilds it: what the codec cannot
// carry (or read back) becomes an `UnexpectedError` whose cause names the path, never a changed value.

/**
 * Encodes a run's outcome for storage with the wire codec. An outcome it cannot carry (a function
 * in the value) is stored as an `UnexpectedError` whose cause, the `WireEncodeError`, names the path.
 * @example
 * const stored = JSON.stringify(encodeOutcome(ok({ at: new Date() })));
 */
export function encodeOutcome(result: AnyResult): WireResult {
  const encoded = encodeResult(result, { root: "outcome" });
  if (encoded.ok) return encoded.value;
  const refused = encodeResult(err(uncaught(encoded.error)), { root: "outcome" });
  if (refused.ok) return refused.value;
  // The refusal's own cause could not be carried either (a toJSON that threw something odd).
  const plain = new Error(encoded.error.message);
  return (encodeResult(err(uncaught(plain)), { root: "outcome" }) as { value: WireResult }).value;
}

/**
 * Reads back an outcome stored as JSON text by `encodeOutcome`; text it cannot read is an
 * `UnexpectedError` outcome whose cause, the `WireDecodeError`, says why. The codec rebuilds every
 * Error as a plain `Error` (same name, message and fields); an outcome's error that is one of
 * `errorClasses` (by `type` and `name`; default: the run errors, `RunCancelledError`…) gets its
 * class back, so `instanceof` holds as it did before the outcome was stored.
 * @example
 * const result = decodeOutcome(stored);
 */
export function decodeOutcome(
  text: string,
  errorClasses: ReadonlyArray<OutcomeErrorClass> = runErrorClasses(),
): AnyResult {
  const decoded = parseResult(text, { root: "outcome" });
  if (!decoded.ok) return err(uncaught(decoded.error));
  const result = decoded.value;
  if (!result.ok && typeof result.error === "object" && result.error !== null) {
    reviveClass(result.error, errorClasses);
  }
  return result;
}

function reviveClass(error: object, errorClasses: ReadonlyArray<OutcomeErrorClass>): void {
  if (!isError(error)) return;
  const { type } = error as { type?: unknown };
  const known = errorClasses.find(([t, name]) => t === type && name === error.name);
  if (known !== undefined) Object.setPrototypeOf(error, known[2]);
}
