import { isUnexpectedError, type Result, type UnexpectedError } from "@awaitly/core";
import { defaultUnexpectedErrorMapper } from "./default-mappers";
import { DEFAULT_WEBHOOK_SAFETY_OPTIONS } from "./safety";
import type { WebhookResponse } from "./types";

/** One row of a result mapper: this error value answers with this status. */
export interface ErrorMapping<TError> {
  error: TError;
  status: number;
  message?: string | undefined;
}

/** A short, safe `type` for an unmapped error: strings as is, tagged objects by tag, else "ERROR". */
function typeOf(error: unknown): string {
  if (typeof error === "string") return error;
  if (typeof error === "number" || typeof error === "boolean") return String(error);
  if (typeof error === "object" && error !== null) {
    const tag =
      (error as { type?: unknown; _tag?: unknown }).type ?? (error as { _tag?: unknown })._tag;
    if (typeof tag === "string") return tag;
  }
  return "ERROR";
}

const isStatus = (n: unknown) =>
  Number.isInteger(n) && (n as number) >= 100 && (n as number) <= 599;

/** Options of `createResultMapper`. */
export interface ResultMapperOptions {
  /** Status of errors the table does not map. Defaults to `500`. */
  defaultStatus?: number | undefined;
  /** Status of a success. Defaults to `200`. */
  successStatus?: number | undefined;
  /**
   * Receives every error the table does not map (the client gets only a generic message).
   * Defaults to logging with `console.error`.
   */
  onError?: ((error: unknown) => void) | undefined;
}

/**
 * Maps a workflow Result to a response from a table of errors: success → `successStatus` with the
 * value as body; `UnexpectedError` → generic 500; a mapped error → its status; anything else →
 * `defaultStatus` with the generic error body, its detail going to `onError` only. Object errors
 * match by reference, or by their `type`/`_tag` when the table lists that string.
 * @example
 * const mapResult = createResultMapper([{ error: "NOT_FOUND", status: 404 }], { successStatus: 201 });
 */
export function createResultMapper<TOutput, TError>(
  mappings: ErrorMapping<TError>[],
  options?: ResultMapperOptions,
): (result: Result<TOutput, TError | UnexpectedError>) => WebhookResponse {
  if (!Array.isArray(mappings)) {
    throw new TypeError(`createResultMapper: mappings must be an array, got ${String(mappings)}`);
  }
  const defaultStatus = options?.defaultStatus ?? 500;
  const successStatus = options?.successStatus ?? 200;
  const onError = options?.onError ?? DEFAULT_WEBHOOK_SAFETY_OPTIONS.onError;
  if (typeof onError !== "function") {
    throw new TypeError(`createResultMapper: onError must be a function, got ${typeof onError}`);
  }
  for (const [name, value] of [
    ["defaultStatus", defaultStatus],
    ["successStatus", successStatus],
  ] as const) {
    if (!isStatus(value)) {
      throw new RangeError(
        `createResultMapper: ${name} must be an HTTP status (100–599), got ${String(value)}`,
      );
    }
  }
  const table = new Map<unknown, ErrorMapping<TError>>();
  for (const mapping of mappings) {
    if (!isStatus(mapping.status)) {
      throw new RangeError(
        `createResultMapper: status for ${typeOf(mapping.error)} must be an HTTP status (100–599), got ${String(mapping.status)}`,
      );
    }
    table.set(mapping.error, mapping);
  }

  return (result) => {
    if (result.ok) return { status: successStatus, body: result.value };
    const error: unknown = result.error;
    if (isUnexpectedError(error)) {
      return defaultUnexpectedErrorMapper(error);
    }
    const mapping = table.get(error) ?? table.get(typeOf(error));
    if (mapping) {
      return {
        status: mapping.status,
        body: { error: { type: typeOf(mapping.error), message: mapping.message } },
      };
    }
    try {
      onError(error);
    } catch {
      // A broken logger must not turn an answer into a crash.
    }
    return { status: defaultStatus, body: defaultUnexpectedErrorMapper(error).body };
  };
}
