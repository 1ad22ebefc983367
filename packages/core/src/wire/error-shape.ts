// How an Error is taken apart and rebuilt; the tagged form, the cause slot of a Result and the
// bullmq 1.0 `$awaitlyError` form all go through these two functions.

/** @internal The Error keys read on their own, never as fields. */
export const RESERVED_ERROR_KEYS = new Set(["name", "message", "stack", "cause"]);

/** @internal True for an Error, including one from another realm. */
export const isError = (value: object): value is Error =>
  value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";

/** @internal The own enumerable fields of an Error other than name, message, stack and cause. */
export const errorFieldKeys = (error: object): string[] =>
  Object.keys(error).filter((key) => !RESERVED_ERROR_KEYS.has(key));

/** @internal An Error's parts, as read back from the wire. */
export interface ErrorParts {
  name: string;
  message: string;
  stack: string | undefined;
  hasCause: boolean;
  cause: unknown;
  fields: Record<string, unknown> | undefined;
}

/**
 * @internal Rebuilds an Error: always an `Error` (never a subclass), with `name` as an own property
 * so a subclass's name survives, the saved stack when there is one, `cause` as the native own
 * property, and the saved fields as own enumerable properties.
 */
export function restoreError(parts: ErrorParts): Error {
  const error = new Error(parts.message);
  Object.defineProperty(error, "name", { value: parts.name, writable: true, configurable: true });
  if (parts.stack !== undefined) error.stack = parts.stack;
  if (parts.hasCause) {
    Object.defineProperty(error, "cause", {
      value: parts.cause,
      writable: true,
      configurable: true,
    });
  }
  if (parts.fields !== undefined) {
    for (const key of Object.keys(parts.fields)) {
      Object.defineProperty(error, key, {
        value: parts.fields[key],
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  }
  return error;
}
