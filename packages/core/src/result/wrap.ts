import { err, ok, type AsyncResult, type Err, type Ok, type Result } from "./result";

/** Runs a synchronous function, capturing a throw as an `Err` (mapped by `onError` when given). */
export function from<T>(fn: () => T): Ok<T> | Err<unknown, unknown>;
export function from<T, E>(fn: () => T, onError: (cause: unknown) => E): Ok<T> | Err<E, unknown>;
export function from<T, E>(
  fn: () => T,
  onError?: (cause: unknown) => E,
): Ok<T> | Err<unknown, unknown> {
  try {
    return ok(fn());
  } catch (thrown) {
    return failure(thrown, onError);
  }
}

/** Awaits a promise, capturing a rejection as an `Err` (mapped by `onError` when given). */
export function fromPromise<T>(promise: Promise<T>): Promise<Ok<T> | Err<unknown, unknown>>;
export function fromPromise<T, E>(
  promise: Promise<T>,
  onError: (cause: unknown) => E,
): Promise<Ok<T> | Err<E, unknown>>;
export async function fromPromise<T, E>(
  promise: Promise<T>,
  onError?: (cause: unknown) => E,
): Promise<Ok<T> | Err<unknown, unknown>> {
  try {
    return ok(await promise);
  } catch (thrown) {
    return failure(thrown, onError);
  }
}

/** Calls an async function, capturing a sync throw or a rejection as an `Err`. */
export function tryAsync<T>(fn: () => Promise<T>): AsyncResult<T, unknown>;
export function tryAsync<T, E>(
  fn: () => Promise<T>,
  onError: (cause: unknown) => E,
): AsyncResult<T, E>;
export async function tryAsync<T, E>(
  fn: () => Promise<T>,
  onError?: (cause: unknown) => E,
): AsyncResult<T, unknown> {
  try {
    return ok(await fn());
  } catch (thrown) {
    return failure(thrown, onError);
  }
}

/** `Ok` for any value but `null`/`undefined`; otherwise `Err(onNull())`. */
export function fromNullable<T, E>(value: T | null | undefined, onNull: () => E): Result<T, E> {
  return value != null ? ok(value) : err(onNull());
}

// Without a mapper the thrown value is the error itself (no cause); with one, it becomes the cause.
function failure<E>(
  thrown: unknown,
  onError: ((cause: unknown) => E) | undefined,
): Err<unknown, unknown> {
  return onError ? err(onError(thrown), { cause: thrown }) : err(thrown);
}
