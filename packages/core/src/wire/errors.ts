import { hasType } from "../result/has-type";

/** Why a value was refused by the wire codec. */
export type WireEncodeErrorReason =
  "function" | "symbol" | "cycle" | "class-instance" | "sparse-array" | "too-deep" | "threw";

/** Why wire data could not be read. */
export type WireDecodeErrorReason =
  | "malformed-json"
  | "malformed-tag"
  | "unknown-tag"
  | "unsupported-version"
  | "invalid-shape"
  | "too-deep";

/** What both codec errors carry: a `reason` and the `path` of the part they are about. */
abstract class WireCodecError<TReason extends string> extends Error {
  readonly reason: TReason;
  /** Where the part sits, from the root the caller named (`input`, `value`, `outcome`…). */
  readonly path: string;

  constructor(reason: TReason, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.path = path;
  }
}

/**
 * A value the wire codec cannot carry, returned as the `Err` of an encode: `path` names the first
 * part it refused (`input.customer.createdAt`), `reason` says what it was.
 */
export class WireEncodeError extends WireCodecError<WireEncodeErrorReason> {
  readonly type = "WIRE_ENCODE_ERROR" as const;
  override readonly name = "WireEncodeError";
}

/** Wire data the codec cannot read: not JSON, a broken tagged value, one from a newer format, or not the shape asked for (a Result, an entry). */
export class WireDecodeError extends WireCodecError<WireDecodeErrorReason> {
  readonly type = "WIRE_DECODE_ERROR" as const;
  override readonly name = "WireDecodeError";
}

/** True for a `WireEncodeError` (checks the `type` discriminant, so copies of core agree). */
export const isWireEncodeError = (error: unknown): error is WireEncodeError =>
  hasType(error, "WIRE_ENCODE_ERROR");

/** True for a `WireDecodeError` (checks the `type` discriminant, so copies of core agree). */
export const isWireDecodeError = (error: unknown): error is WireDecodeError =>
  hasType(error, "WIRE_DECODE_ERROR");
