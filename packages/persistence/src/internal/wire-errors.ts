import type { Result, WireDecodeError, WireEncodeError } from "@awaitly/core";
import { StateParseError } from "../state-parse-error";
import { StateSerializeError } from "../state-size";

/** @internal The encoded value, or a `StateSerializeError` (with the refused part's path) thrown. */
export function orSerializeError<T>(where: string, encoded: Result<T, WireEncodeError>): T {
  if (encoded.ok) return encoded.value;
  const { reason, path, message } = encoded.error;
  const what =
    reason === "too-deep"
      ? "the state is nested too deeply to serialise"
      : "the state holds a value it cannot store";
  throw new StateSerializeError(
    reason === "too-deep" ? "too-deep" : "unserializable",
    `${where}: ${what}. ${message}`,
    { cause: encoded.error, path },
  );
}

/**
 * @internal Decodes `serialized`, or throws: a `TypeError` for a non-object (as 1.0.0 did), a
 * `StateParseError` for data the codec cannot read.
 */
export function orParseError<T>(
  where: string,
  serialized: unknown,
  decode: (json: unknown) => Result<T, WireDecodeError>,
): T {
  if (typeof serialized !== "object" || serialized === null) {
    throw new TypeError(
      `${where}: expected an object, got ${serialized === null ? "null" : typeof serialized}`,
    );
  }
  const decoded = decode(serialized);
  if (decoded.ok) return decoded.value;
  const { reason, message } = decoded.error;
  throw new StateParseError(
    reason === "unsupported-version" ? "unsupported-version" : "invalid-shape",
    `${where}: ${message}`,
    { cause: decoded.error },
  );
}
