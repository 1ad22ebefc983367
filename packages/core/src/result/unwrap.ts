import type { Result } from "./result";

/** Thrown by `unwrap` on a failed Result; keeps the Result's `error` and `cause`. */
export class UnwrapError<E = unknown, C = unknown> extends Error {
  readonly error: E;
  declare readonly cause?: C;

  constructor(error: E, cause?: C) {
    super(`Unwrap called on an error result: ${describe(error)}`);
    this.name = "UnwrapError";
    this.error = error;
    // Own enumerable key even when undefined, as 1.0.0 had it; not the ES2022 `{ cause }` option.
    Object.defineProperty(this, "cause", {
      value: cause,
      enumerable: true,
      writable: false,
      configurable: true,
    });
  }
}

// String(x) throws for null-prototype objects; fall back to a tag so unwrap never fails twice.
function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "[object Object]";
  }
}

/** Returns the value of an `Ok`, or throws `UnwrapError` for an `Err`. */
export const unwrap = <T, E, C>(r: Result<T, E, C>): T => {
  if (r.ok) return r.value;
  throw new UnwrapError<E, C>(r.error, r.cause);
};

/** Returns the value of an `Ok`, or `defaultValue`. */
export const unwrapOr = <T, E, C>(r: Result<T, E, C>, defaultValue: T): T =>
  r.ok ? r.value : defaultValue;

/** Returns the value of an `Ok`, or computes one from the error. */
export const unwrapOrElse = <T, E, C>(r: Result<T, E, C>, fn: (error: E, cause?: C) => T): T =>
  r.ok ? r.value : fn(r.error, r.cause);
