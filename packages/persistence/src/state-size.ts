import { hasType } from "@awaitly/core";

/** Why a state could not be written. */
export type StateSerializeErrorReason = "too-deep" | "too-large" | "unserializable";

/** Thrown when state cannot be stored: nested too deeply, over the size limit, or holding a value the wire codec refuses (`path` names it). */
export class StateSerializeError extends Error {
  readonly type = "STATE_SERIALIZE_ERROR" as const;
  override readonly name = "StateSerializeError";
  readonly reason: StateSerializeErrorReason;
  /** The limit in bytes that applied (for `"too-large"`). */
  readonly maxBytes: number | undefined;
  /** The serialised size in bytes, at least (for `"too-large"`). */
  readonly sizeBytes: number | undefined;
  /** Where the refused part sits (`entries["charge"].result.value.at`), for `"unserializable"` and `"too-deep"`. */
  readonly path: string | undefined;

  constructor(
    reason: StateSerializeErrorReason,
    message: string,
    options?: { cause?: unknown; maxBytes?: number; sizeBytes?: number; path?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.maxBytes = options?.maxBytes;
    this.sizeBytes = options?.sizeBytes;
    this.path = options?.path;
  }
}

/** True when `error` is a `StateSerializeError` (checks the `type` discriminant, not `instanceof`). */
export function isStateSerializeError(error: unknown): error is StateSerializeError {
  return hasType(error, "STATE_SERIALIZE_ERROR");
}

/** The serialised size limit applied when none is given: 10 MiB. */
export const DEFAULT_MAX_STATE_BYTES = 10 * 1024 * 1024;

/** @internal Validates a `maxBytes` option (`0` or `Infinity` turn the limit off). */
export function maxBytesOption(where: string, value: number | undefined): number {
  const max = value ?? DEFAULT_MAX_STATE_BYTES;
  if (typeof max !== "number" || Number.isNaN(max) || max < 0) {
    throw new RangeError(
      `${where}: option "maxBytes" must be a non-negative number of bytes (0 = no limit), got ${String(max)}`,
    );
  }
  return max === 0 ? Infinity : max;
}

/**
 * @internal `JSON.stringify` that never throws a raw RangeError or TypeError: deep nesting, values
 * JSON cannot encode (BigInt, cycles) and text over `maxBytes` UTF-8 bytes become a `StateSerializeError`.
 */
export function toJson(value: unknown, where: string, maxBytes: number, space?: number): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, space);
  } catch (cause) {
    if (cause instanceof RangeError) {
      throw new StateSerializeError(
        "too-deep",
        `${where}: the state is nested too deeply to serialise; flatten it or store a reference`,
        { cause },
      );
    }
    throw new StateSerializeError(
      "unserializable",
      `${where}: the state cannot be encoded as JSON (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
  }
  if (text === undefined) {
    throw new StateSerializeError("unserializable", `${where}: the state has no JSON form`);
  }
  // A UTF-16 length bounds the UTF-8 size from both sides (1× to 3×), so most texts skip encoding.
  if (maxBytes === Infinity || text.length * 3 <= maxBytes) return text;
  const size = text.length > maxBytes ? text.length : new TextEncoder().encode(text).length;
  if (size > maxBytes) {
    throw new StateSerializeError(
      "too-large",
      `${where}: the serialised state is at least ${size} bytes, over the ${maxBytes}-byte limit; raise "maxBytes" or store less`,
      { maxBytes, sizeBytes: size },
    );
  }
  return text;
}
