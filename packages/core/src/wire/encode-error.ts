import { hasType } from "../result/has-type";

/** Why a value was refused by the wire codec. */
export type WireEncodeErrorReason =
  "function" | "symbol" | "cycle" | "class-instance" | "sparse-array" | "too-deep" | "threw";

/**
 * A value the wire codec cannot carry, returned as the `Err` of an encode: `path` names the first
 * part it refused (`input.customer.createdAt`), `reason` says what it was.
 */
export class WireEncodeError extends Error {
  readonly type = "WIRE_ENCODE_ERROR" as const;
  override readonly name = "WireEncodeError";
  readonly reason: WireEncodeErrorReason;
  /** Where the refused part sits, from the root the caller named (`input`, `value`, `outcome`…). */
  readonly path: string;

  constructor(
    reason: WireEncodeErrorReason,
    path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.path = path;
  }
}

/** True for a `WireEncodeError` (checks the `type` discriminant, so copies of core agree). */
export const isWireEncodeError = (error: unknown): error is WireEncodeError =>
  hasType(error, "WIRE_ENCODE_ERROR");
