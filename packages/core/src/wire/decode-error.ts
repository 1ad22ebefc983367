import { hasType } from "../result/has-type";

/** Why wire data could not be read. */
export type WireDecodeErrorReason =
  | "malformed-json"
  | "malformed-tag"
  | "unknown-tag"
  | "unsupported-version"
  | "invalid-shape"
  | "too-deep";

/** Wire data the codec cannot read: not JSON, a broken tagged value, one from a newer format, or not the shape asked for (a Result, an entry). */
export class WireDecodeError extends Error {
  readonly type = "WIRE_DECODE_ERROR" as const;
  override readonly name = "WireDecodeError";
  readonly reason: WireDecodeErrorReason;
  /** Where in the data the problem sits, from the root the caller named. */
  readonly path: string;

  constructor(
    reason: WireDecodeErrorReason,
    path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.path = path;
  }
}

/** True for a `WireDecodeError` (checks the `type` discriminant, so copies of core agree). */
export const isWireDecodeError = (error: unknown): error is WireDecodeError =>
  hasType(error, "WIRE_DECODE_ERROR");
