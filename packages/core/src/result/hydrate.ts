import type { Result } from "./result";

/**
 * Recognises a Result that went through JSON (or any plain-object transport) and returns the same
 * object typed as a Result, or `null` when it is not one.
 */
export function hydrate<T, E, C = unknown>(value: unknown): Result<T, E, C> | null {
  if (typeof value !== "object" || value === null || !("ok" in value)) return null;
  const flag = value.ok;
  if (flag === true && "value" in value) return value as Result<T, E, C>;
  if (flag === false && "error" in value) return value as Result<T, E, C>;
  return null;
}

/** True when `value` has the shape of a serialized Result. */
export function isSerializedResult(value: unknown): value is Result<unknown, unknown, unknown> {
  return hydrate(value) !== null;
}
