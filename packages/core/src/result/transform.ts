import { err, ok, type Err, type Ok, type Result } from "./result";

/** Transforms the value of an `Ok`; an `Err` is returned as is. */
export function map<T, U>(r: Ok<T>, fn: (value: T) => U): Ok<U>;
export function map<T, U, E, C>(r: Err<E, C>, fn: (value: T) => U): Err<E, C>;
export function map<T, U, E, C>(r: Result<T, E, C>, fn: (value: T) => U): Result<U, E, C>;
export function map<T, U, E, C>(r: Result<T, E, C>, fn: (value: T) => U): Result<U, E, C> {
  return r.ok ? ok(fn(r.value)) : r;
}

/** Transforms the error of an `Err`, keeping its cause; an `Ok` is returned as is. */
export function mapError<T, E, F, C>(r: Result<T, E, C>, fn: (error: E) => F): Result<T, F, C> {
  return r.ok ? r : err(fn(r.error), { cause: r.cause });
}

type MatchHandlers<T, E, C, R> = { ok: (value: T) => R; err: (error: E, cause?: C) => R };

/** Folds a Result into one value with a handler per branch. */
export function match<T, E, C, R>(r: Ok<T>, handlers: MatchHandlers<T, E, C, R>): R;
export function match<T, E, C, R>(r: Err<E, C>, handlers: MatchHandlers<T, E, C, R>): R;
export function match<T, E, C, R>(r: Result<T, E, C>, handlers: MatchHandlers<T, E, C, R>): R;
export function match<T, E, C, R>(r: Result<T, E, C>, handlers: MatchHandlers<T, E, C, R>): R {
  return r.ok ? handlers.ok(r.value) : handlers.err(r.error, r.cause);
}

/** Chains a Result-returning function on the value of an `Ok`; error unions widen to both sides. */
export function andThen<T, U>(r: Ok<T>, fn: (value: T) => Ok<U>): Ok<U>;
export function andThen<T, F, C2>(r: Ok<T>, fn: (value: T) => Err<F, C2>): Err<F, C2>;
export function andThen<T, U, F, C2>(
  r: Ok<T>,
  fn: (value: T) => Result<U, F, C2>,
): Result<U, F, C2>;
export function andThen<T, U, E, F, C1, C2>(
  r: Err<E, C1>,
  fn: (value: T) => Result<U, F, C2>,
): Err<E, C1>;
export function andThen<T, U, E, F, C1, C2>(
  r: Result<T, E, C1>,
  fn: (value: T) => Result<U, F, C2>,
): Result<U, E | F, C1 | C2>;
export function andThen<T, U, E, F, C1, C2>(
  r: Result<T, E, C1>,
  fn: (value: T) => Result<U, F, C2>,
): Result<U, E | F, C1 | C2> {
  return r.ok ? fn(r.value) : r;
}

/** Runs a side effect on the value of an `Ok`; returns the same Result. */
export function tap<T, E, C>(r: Result<T, E, C>, fn: (value: T) => void): Result<T, E, C> {
  if (r.ok) fn(r.value);
  return r;
}

/** Runs a side effect on the error of an `Err`; returns the same Result. */
export function tapError<T, E, C>(
  r: Result<T, E, C>,
  fn: (error: E, cause?: C) => void,
): Result<T, E, C> {
  if (!r.ok) fn(r.error, r.cause);
  return r;
}

/** Like `map`, but a throwing `transform` becomes `Err(onError(thrown))`. */
export function mapTry<T, U, E, F, C>(
  result: Result<T, E, C>,
  transform: (value: T) => U,
  onError: (cause: unknown) => F,
): Result<U, E | F, unknown> {
  if (!result.ok) return result;
  try {
    return ok(transform(result.value));
  } catch (thrown) {
    return err(onError(thrown), { cause: thrown });
  }
}

/** Like `mapError`, but a throwing `transform` becomes `Err(onError(thrown))`. */
export function mapErrorTry<T, E, F, G, C>(
  result: Result<T, E, C>,
  transform: (error: E) => F,
  onError: (cause: unknown) => G,
): Result<T, F | G, unknown> {
  if (result.ok) return result;
  try {
    return err(transform(result.error), { cause: result.cause });
  } catch (thrown) {
    return err(onError(thrown), { cause: thrown });
  }
}

/** Maps both branches at once; the cause is kept. */
export function bimap<T, U, E, F, C>(
  r: Result<T, E, C>,
  onOk: (value: T) => U,
  onErr: (error: E) => F,
): Result<U, F, C> {
  return r.ok ? ok(onOk(r.value)) : err(onErr(r.error), { cause: r.cause });
}

/** Replaces an `Err` with the Result `fn` returns. */
export function orElse<T, E, E2, C, C2>(
  r: Result<T, E, C>,
  fn: (error: E, cause?: C) => Result<T, E2, C2>,
): Result<T, E2, C2> {
  return r.ok ? r : fn(r.error, r.cause);
}

/** `orElse` for sync or async Results and handlers. */
export async function orElseAsync<T, E, E2, C, C2>(
  r: Result<T, E, C> | Promise<Result<T, E, C>>,
  fn: (error: E, cause?: C) => Result<T, E2, C2> | Promise<Result<T, E2, C2>>,
): Promise<Result<T, E2, C2>> {
  const resolved = await r;
  return resolved.ok ? resolved : fn(resolved.error, resolved.cause);
}

/** Always succeeds: an `Err` is turned into `Ok(fn(error))`. */
export function recover<T, E, C>(r: Result<T, E, C>, fn: (error: E, cause?: C) => T): Ok<T> {
  return r.ok ? ok(r.value) : ok(fn(r.error, r.cause));
}

/** `recover` for sync or async Results and handlers. */
export async function recoverAsync<T, E, C>(
  r: Result<T, E, C> | Promise<Result<T, E, C>>,
  fn: (error: E, cause?: C) => T | Promise<T>,
): Promise<Ok<T>> {
  const resolved = await r;
  return resolved.ok ? ok(resolved.value) : ok(await fn(resolved.error, resolved.cause));
}
