import { hasType } from "@awaitly/core";

/** Why state text could not be read. */
export type StateParseErrorReason = "malformed-json" | "invalid-shape" | "unsupported-version";

/** Thrown by `parseState` when text is not valid JSON, not a state, or a format version it cannot read. */
export class StateParseError extends Error {
  readonly type = "STATE_PARSE_ERROR" as const;
  override readonly name = "StateParseError";
  readonly reason: StateParseErrorReason;

  constructor(reason: StateParseErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** True when `error` is a `StateParseError` (checks the `type` discriminant, not `instanceof`). */
export function isStateParseError(error: unknown): error is StateParseError {
  return hasType(error, "STATE_PARSE_ERROR");
}
