import { err, ok, type Result, type ResumeStateEntry, type StepFailureMeta } from "@awaitly/core";

/** A cause encoded for JSON: an `Error` as name/message/stack, `undefined` as a marker, anything else as a value. */
export interface SerializedCause {
  type: "error" | "value" | "undefined";
  errorName?: string | undefined;
  errorMessage?: string | undefined;
  errorStack?: string | undefined;
  value?: unknown;
}

/** A `Result` encoded for JSON; only the `cause` gets Error-aware encoding. */
export interface SerializedResult {
  ok: boolean;
  value?: unknown;
  error?: unknown;
  cause?: SerializedCause | undefined;
}

/** Step failure metadata encoded for JSON. */
export interface SerializedMeta {
  origin: "result" | "throw";
  resultCause?: SerializedCause | undefined;
  thrown?: SerializedCause | undefined;
}

/** One resume-state entry encoded for JSON. */
export interface SerializedEntry {
  result: SerializedResult;
  meta?: SerializedMeta | undefined;
}

/** Encodes a cause so that it survives `JSON.stringify`: Errors keep name, message and stack. */
export function serializeCause(cause: unknown): SerializedCause {
  if (cause === undefined) return { type: "undefined" };
  if (cause instanceof Error) {
    return {
      type: "error",
      errorName: cause.name,
      errorMessage: cause.message,
      errorStack: cause.stack,
    };
  }
  try {
    // A probe only: values JSON cannot encode (BigInt, cycles) fall back to their string form.
    JSON.stringify(cause);
    return { type: "value", value: cause };
  } catch {
    const text =
      typeof cause === "bigint" ? cause.toString() : Object.prototype.toString.call(cause);
    return { type: "value", value: text };
  }
}

/** Decodes a cause written by `serializeCause`; encoded Errors come back as plain `Error`s. */
export function deserializeCause(serialized: SerializedCause): unknown {
  if (serialized.type === "undefined") return undefined;
  if (serialized.type === "error") {
    const error = new Error(serialized.errorMessage ?? "Unknown error");
    Object.defineProperty(error, "name", {
      value: serialized.errorName ?? "Error",
      writable: true,
      enumerable: true,
      configurable: true,
    });
    if (serialized.errorStack) error.stack = serialized.errorStack;
    return error;
  }
  return serialized.value;
}

/** Encodes a `Result`: `Ok` as `{ ok, value }`, `Err` as `{ ok, error, cause }` with an encoded cause. */
export function serializeResult(result: Result<unknown, unknown, unknown>): SerializedResult {
  if (result.ok) return { ok: true, value: result.value };
  return {
    ok: false,
    error: result.error,
    cause: result.cause !== undefined ? serializeCause(result.cause) : undefined,
  };
}

/** Decodes a `SerializedResult` back into an `Ok` or `Err` built with core's constructors. */
export function deserializeResult(serialized: SerializedResult): Result<unknown, unknown, unknown> {
  if (serialized.ok) return ok(serialized.value);
  const cause = serialized.cause ? deserializeCause(serialized.cause) : undefined;
  return cause !== undefined ? err(serialized.error, { cause }) : err(serialized.error);
}

/** Encodes step failure metadata (where a failure came from and its cause). */
export function serializeMeta(meta: StepFailureMeta): SerializedMeta {
  if (meta.origin === "result") {
    return {
      origin: "result",
      resultCause: meta.resultCause !== undefined ? serializeCause(meta.resultCause) : undefined,
    };
  }
  return { origin: "throw", thrown: serializeCause(meta.thrown) };
}

/** Decodes step failure metadata written by `serializeMeta`. */
export function deserializeMeta(serialized: SerializedMeta): StepFailureMeta {
  if (serialized.origin === "result") {
    return {
      origin: "result",
      resultCause: serialized.resultCause ? deserializeCause(serialized.resultCause) : undefined,
    };
  }
  return {
    origin: "throw",
    thrown: serialized.thrown ? deserializeCause(serialized.thrown) : undefined,
  };
}

/** Encodes one resume-state entry (result and optional failure metadata). */
export function serializeEntry(entry: ResumeStateEntry): SerializedEntry {
  return {
    result: serializeResult(entry.result),
    meta: entry.meta ? serializeMeta(entry.meta) : undefined,
  };
}

/** Decodes one resume-state entry written by `serializeEntry`. */
export function deserializeEntry(serialized: SerializedEntry): ResumeStateEntry {
  return {
    result: deserializeResult(serialized.result),
    meta: serialized.meta ? deserializeMeta(serialized.meta) : undefined,
  };
}
