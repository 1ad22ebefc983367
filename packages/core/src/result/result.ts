/** A successful Result: a plain object, so it survives JSON and structured clone. */
export type Ok<T> = { ok: true; value: T };

/** A failed Result carrying a typed `error` and, optionally, the `cause` behind it. */
export type Err<E, C = unknown> = { ok: false; error: E; cause?: C };

/** Either an `Ok<T>` or an `Err<E, C>`; discriminate on `ok`. */
export type Result<T, E = unknown, C = unknown> = Ok<T> | Err<E, C>;

/** A Promise of a Result: the return type of every async step dependency. */
export type AsyncResult<T, E = unknown, C = unknown> = Promise<Result<T, E, C>>;

/** A Result, sync or async. */
export type MaybeAsyncResult<T, E, C = unknown> = Result<T, E, C> | Promise<Result<T, E, C>>;

/**
 * Wraps a value as a successful Result.
 * @example
 * const r = ok(42); // { ok: true, value: 42 }
 */
export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

/**
 * Wraps an error as a failed Result; `cause` is recorded only when it is not `undefined`.
 * @example
 * const r = err("NOT_FOUND" as const, { cause: e });
 */
export const err = <E, C = unknown>(error: E, options?: { cause?: C | undefined }): Err<E, C> => {
  const cause = options?.cause;
  return cause === undefined ? { ok: false, error } : { ok: false, error, cause };
};

/** Narrows a Result to its `Ok` member. */
export const isOk = <T, E, C>(r: Result<T, E, C>): r is Ok<T> => r.ok;

/** Narrows a Result to its `Err` member. */
export const isErr = <T, E, C>(r: Result<T, E, C>): r is Err<E, C> => !r.ok;
