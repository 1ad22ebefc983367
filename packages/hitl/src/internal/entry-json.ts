import type { ResumeStateEntry, StepFailureMeta } from "@awaitly/core";

// The same cause encoding as @awaitly/persistence's serializeEntry (hitl depends on core only), so
// an Error cause comes back as an Error with its name, message and stack instead of `{}`.
type EncodedCause =
  | { type: "error"; errorName: string; errorMessage: string; errorStack?: string | undefined }
  | { type: "value"; value: unknown }
  | { type: "undefined" };

/** @internal An entry in the JSON form the KV workflow state store writes. */
export type EncodedEntry = {
  result: { ok: boolean; value?: unknown; error?: unknown; cause?: EncodedCause };
  meta?: { origin: "result" | "throw"; resultCause?: EncodedCause; thrown?: EncodedCause };
};

const encodeCause = (cause: unknown): EncodedCause => {
  if (cause === undefined) return { type: "undefined" };
  if (cause instanceof Error) {
    return {
      type: "error",
      errorName: cause.name,
      errorMessage: cause.message,
      errorStack: cause.stack,
    };
  }
  return { type: "value", value: cause };
};

const decodeCause = (cause: EncodedCause | undefined): unknown => {
  if (cause === undefined || cause.type === "undefined") return undefined;
  if (cause.type === "value") return cause.value;
  const error = new Error(cause.errorMessage);
  error.name = cause.errorName;
  if (cause.errorStack) error.stack = cause.errorStack;
  return error;
};

/** @internal Encodes an entry so Error causes survive `JSON.stringify`. */
export function encodeEntry(entry: ResumeStateEntry): EncodedEntry {
  const { result, meta } = entry;
  const encoded: EncodedEntry = result.ok
    ? { result: { ok: true, value: result.value } }
    : {
        result: {
          ok: false,
          error: result.error,
          ...(result.cause === undefined ? {} : { cause: encodeCause(result.cause) }),
        },
      };
  if (meta !== undefined) {
    encoded.meta =
      meta.origin === "result"
        ? { origin: "result", resultCause: encodeCause(meta.resultCause) }
        : { origin: "throw", thrown: encodeCause(meta.thrown) };
  }
  return encoded;
}

/** @internal Decodes what `encodeEntry` wrote. */
export function decodeEntry(encoded: EncodedEntry): ResumeStateEntry {
  const { result, meta } = encoded;
  const cause = decodeCause(result.cause);
  const entry: ResumeStateEntry = {
    result: result.ok
      ? { ok: true, value: result.value }
      : cause === undefined
        ? { ok: false, error: result.error }
        : { ok: false, error: result.error, cause },
  };
  if (meta !== undefined) {
    const decoded: StepFailureMeta =
      meta.origin === "result"
        ? { origin: "result", resultCause: decodeCause(meta.resultCause) }
        : { origin: "throw", thrown: decodeCause(meta.thrown) };
    entry.meta = decoded;
  }
  return entry;
}
