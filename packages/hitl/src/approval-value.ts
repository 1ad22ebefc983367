import { hasType } from "@awaitly/core";

/** The largest approval `value` the built-in stores and the webhook accept, serialised: 64 KiB. */
export const DEFAULT_MAX_APPROVAL_VALUE_BYTES = 64 * 1024;

/** Why an approval `value` was refused. */
export type ApprovalValueErrorReason = "too-large" | "unserializable";

/** Thrown (as a rejection) by `grantApproval` when the value is over the size limit or has no JSON form. */
export class ApprovalValueError extends Error {
  readonly type = "APPROVAL_VALUE_ERROR" as const;
  override readonly name = "ApprovalValueError";
  readonly reason: ApprovalValueErrorReason;
  readonly key: string;
  /** The limit in bytes that applied. */
  readonly maxBytes: number;
  /** The serialised size in bytes, at least (for `"too-large"`). */
  readonly sizeBytes: number | undefined;

  constructor(
    reason: ApprovalValueErrorReason,
    key: string,
    maxBytes: number,
    options?: { sizeBytes?: number; cause?: unknown },
  ) {
    super(
      reason === "too-large"
        ? `Approval ${key}: the value is ${options?.sizeBytes} bytes serialised, over the ${maxBytes}-byte limit; store a reference instead`
        : `Approval ${key}: the value cannot be serialised as JSON`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.reason = reason;
    this.key = key;
    this.maxBytes = maxBytes;
    this.sizeBytes = options?.sizeBytes;
  }
}

/** True for an `ApprovalValueError` (checked by its `type`, so copies of the package agree). */
export function isApprovalValueError(error: unknown): error is ApprovalValueError {
  return hasType(error, "APPROVAL_VALUE_ERROR");
}

/** @internal Validates a `maxValueBytes` option (`Infinity` turns the limit off). */
export function maxValueBytesOption(where: string, value: number | undefined): number {
  const max = value ?? DEFAULT_MAX_APPROVAL_VALUE_BYTES;
  if (typeof max !== "number" || Number.isNaN(max) || max <= 0) {
    throw new RangeError(
      `${where}: option "maxValueBytes" must be a positive number of bytes (Infinity = no limit), got ${String(max)}`,
    );
  }
  return max;
}

/** @internal Throws `ApprovalValueError` unless `value` serialises to at most `maxBytes` UTF-8 bytes. */
export function checkApprovalValue(key: string, value: unknown, maxBytes: number): void {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new ApprovalValueError("unserializable", key, maxBytes, { cause });
  }
  // `undefined` (no value) is stored as absent, which is fine.
  if (text === undefined || maxBytes === Infinity || text.length * 3 <= maxBytes) return;
  const size = text.length > maxBytes ? text.length : new TextEncoder().encode(text).length;
  if (size > maxBytes)
    throw new ApprovalValueError("too-large", key, maxBytes, { sizeBytes: size });
}
