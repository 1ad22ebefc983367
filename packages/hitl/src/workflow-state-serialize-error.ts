import { hasType, type Result, type WireEncodeError } from "@awaitly/core";

/** The largest saved run `createKVWorkflowStateStore` writes by default: 10 MiB of JSON. */
export const DEFAULT_MAX_WORKFLOW_STATE_BYTES = 10 * 1024 * 1024;

/** Why a paused run could not be saved. */
export type WorkflowStateSerializeErrorReason = "too-deep" | "too-large" | "unserializable";

/** Thrown (as a rejection) by `save` when the run's state nests too deeply, holds a value the wire codec refuses (`path` names it), or is over the size limit. */
export class WorkflowStateSerializeError extends Error {
  readonly type = "WORKFLOW_STATE_SERIALIZE_ERROR" as const;
  override readonly name = "WorkflowStateSerializeError";
  readonly reason: WorkflowStateSerializeErrorReason;
  readonly runId: string;
  /** The serialised size in bytes, at least (for `"too-large"`). */
  readonly sizeBytes: number | undefined;
  /** Where the refused part sits (`input.customer.createdAt`, `resumeState.steps.get("pay").result.value`), for `"unserializable"` and `"too-deep"`. */
  readonly path: string | undefined;

  constructor(
    reason: WorkflowStateSerializeErrorReason,
    runId: string,
    message: string,
    options?: { cause?: unknown; sizeBytes?: number; path?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.runId = runId;
    this.sizeBytes = options?.sizeBytes;
    this.path = options?.path;
  }
}

/** True for a `WorkflowStateSerializeError` (checked by its `type`, so copies of the package agree). */
export function isWorkflowStateSerializeError(
  error: unknown,
): error is WorkflowStateSerializeError {
  return hasType(error, "WORKFLOW_STATE_SERIALIZE_ERROR");
}

/** @internal The encoded value, or a `WorkflowStateSerializeError` naming the refused part. */
export function orRefused<T>(encoded: Result<T, WireEncodeError>, runId: string): T {
  if (encoded.ok) return encoded.value;
  const { reason, path, message } = encoded.error;
  const deep = reason === "too-deep";
  throw new WorkflowStateSerializeError(
    deep ? "too-deep" : "unserializable",
    runId,
    `Run ${runId}: ${deep ? "its state is nested too deeply to save" : "its state holds a value that cannot be saved"}. ${message}`,
    { cause: encoded.error, path },
  );
}

/** @internal `JSON.stringify` of a run's state with typed failures instead of a raw RangeError. */
export function stringifyRunState(value: unknown, runId: string, maxBytes: number): string {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    const deep = cause instanceof RangeError;
    throw new WorkflowStateSerializeError(
      deep ? "too-deep" : "unserializable",
      runId,
      deep
        ? `Run ${runId}: its state is nested too deeply to save; flatten it or store a reference`
        : `Run ${runId}: its state cannot be encoded as JSON (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
  }
  if (maxBytes === Infinity || text.length * 3 <= maxBytes) return text;
  const size = text.length > maxBytes ? text.length : new TextEncoder().encode(text).length;
  if (size > maxBytes) {
    throw new WorkflowStateSerializeError(
      "too-large",
      runId,
      `Run ${runId}: its saved state is at least ${size} bytes, over the ${maxBytes}-byte limit; raise "maxStateBytes" or keep less in step results`,
      { sizeBytes: size },
    );
  }
  return text;
}
