import type {
  EmptyInputError,
  PromiseRejectedError,
  PromiseRejectionCause,
  SettledError,
} from "./errors";
import { err, ok, type Err, type MaybeAsyncResult, type Ok, type Result } from "./result";

type AnyResult = Result<unknown, unknown, unknown>;

type AllValues<T extends readonly unknown[]> = {
  [K in keyof T]: T[K] extends Ok<infer V>
    ? V
    : T[K] extends Err<unknown, unknown>
      ? never
      : T[K] extends Result<infer V, unknown, unknown>
        ? V
        : never;
};
type AllErrors<T extends readonly unknown[]> = {
  [K in keyof T]: T[K] extends Ok<unknown>
    ? never
    : T[K] extends Err<infer E, unknown>
      ? E
      : T[K] extends Result<unknown, infer E, unknown>
        ? E
        : never;
}[number];
type AllCauses<T extends readonly unknown[]> = {
  [K in keyof T]: T[K] extends Ok<unknown>
    ? never
    : T[K] extends Err<unknown, infer C>
      ? C
      : T[K] extends Result<unknown, unknown, infer C>
        ? C
        : never;
}[number];
type AllResult<T extends readonly unknown[]> = [AllErrors<T>] extends [never]
  ? Ok<AllValues<T>>
  : Result<AllValues<T>, AllErrors<T>, AllCauses<T>>;
type AllSettledResult<T extends readonly unknown[]> = [AllErrors<T>] extends [never]
  ? Ok<AllValues<T>>
  : Result<AllValues<T>, SettledError<AllErrors<T>, AllCauses<T>>[]>;

type AllAsyncValues<T extends readonly unknown[]> = {
  [K in keyof T]: Awaited<T[K]> extends Result<infer V, unknown, unknown> ? V : never;
};
type AllAsyncErrors<T extends readonly unknown[]> = {
  [K in keyof T]: Awaited<T[K]> extends Result<unknown, infer E, unknown> ? E : never;
}[number];
type AllAsyncCauses<T extends readonly unknown[]> = {
  [K in keyof T]: Awaited<T[K]> extends Result<unknown, unknown, infer C> ? C : never;
}[number];

type AnyValue<T extends readonly unknown[]> =
  T[number] extends Result<infer U, unknown, unknown> ? U : never;
type AnyErrors<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: T[K] extends Result<unknown, infer E, unknown> ? E : never;
}[number];
type AnyCauses<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: T[K] extends Result<unknown, unknown, infer C> ? C : never;
}[number];
type AnyAsyncValue<T extends readonly unknown[]> =
  Awaited<T[number]> extends Result<infer U, unknown, unknown> ? U : never;
type AnyAsyncErrors<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: Awaited<T[K]> extends Result<unknown, infer E, unknown> ? E : never;
}[number];
type AnyAsyncCauses<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: Awaited<T[K]> extends Result<unknown, unknown, infer C> ? C : never;
}[number];

/** @internal How a rejected batch input is reported. */
export const rejected = (reason: unknown): Err<PromiseRejectedError, PromiseRejectionCause> =>
  err(
    { type: "PROMISE_REJECTED", cause: reason },
    { cause: { type: "PROMISE_REJECTION", reason } },
  );

/** @internal A batch input as a promise of a Result (a rejection becomes `PROMISE_REJECTED`). */
export const settle = (item: MaybeAsyncResult<unknown, unknown, unknown>): Promise<AnyResult> =>
  Promise.resolve(item).then(
    (r) => r,
    (reason: unknown) => rejected(reason),
  );

/** Succeeds with every value (in order) or fails with the first `Err` by index. */
export function all<const T extends readonly Result<unknown, unknown, unknown>[]>(
  results: T,
): AllResult<T> {
  const values: unknown[] = [];
  for (const r of results) {
    if (!r.ok) return r as AllResult<T>;
    values.push(r.value);
  }
  return ok(values) as AllResult<T>;
}

/** `all` over promises: fails with the first failure to settle; a rejection becomes `PROMISE_REJECTED`. */
export function allAsync<
  const T extends readonly (
    Result<unknown, unknown, unknown> | Promise<Result<unknown, unknown, unknown>>
  )[],
>(
  results: T,
): Promise<
  Result<
    AllAsyncValues<T>,
    AllAsyncErrors<T> | PromiseRejectedError,
    AllAsyncCauses<T> | PromiseRejectionCause
  >
>;
export function allAsync(
  results: readonly MaybeAsyncResult<unknown, unknown, unknown>[],
): Promise<AnyResult> {
  if (results.length === 0) return Promise.resolve(ok([]));
  return new Promise((resolve) => {
    const values: unknown[] = new Array(results.length);
    let remaining = results.length;
    results.forEach((item, index) => {
      void settle(item).then((r) => {
        if (!r.ok) return resolve(r);
        values[index] = r.value;
        if (--remaining === 0) resolve(ok(values));
      });
    });
  });
}

/** Collects every value, or every failure as `{ error, cause }` in input order. */
export function allSettled<const T extends readonly Result<unknown, unknown, unknown>[]>(
  results: T,
): AllSettledResult<T> {
  return collectSettled(results) as AllSettledResult<T>;
}

/** `allSettled` over promises: waits for every item; a rejection becomes `PROMISE_REJECTED`. */
export function allSettledAsync<
  const T extends readonly MaybeAsyncResult<unknown, unknown, unknown>[],
>(
  results: T,
): Promise<
  Result<
    AllAsyncValues<T>,
    SettledError<
      AllAsyncErrors<T> | PromiseRejectedError,
      AllAsyncCauses<T> | PromiseRejectionCause
    >[]
  >
>;
export async function allSettledAsync(
  results: readonly MaybeAsyncResult<unknown, unknown, unknown>[],
): Promise<AnyResult> {
  return collectSettled(await Promise.all(results.map(settle)));
}

function collectSettled(results: readonly AnyResult[]): AnyResult {
  const values: unknown[] = [];
  const errors: SettledError<unknown, unknown>[] = [];
  for (const r of results) {
    if (r.ok) values.push(r.value);
    else errors.push({ error: r.error, cause: r.cause });
  }
  return errors.length > 0 ? err(errors) : ok(values);
}

/** The first `Ok` by index, else the first `Err`; empty input is an `EMPTY_INPUT` error. */
export function any<const T extends readonly Result<unknown, unknown, unknown>[]>(
  results: T,
): Result<AnyValue<T>, AnyErrors<T> | EmptyInputError, AnyCauses<T>>;
export function any(results: readonly AnyResult[]): AnyResult {
  const first = results[0];
  if (first === undefined)
    return err({ type: "EMPTY_INPUT", message: "any() requires at least one Result" });
  return results.find((r) => r.ok) ?? first;
}

/** The first `Ok` to settle, else the first failure to settle; empty input is an `EMPTY_INPUT` error. */
export function anyAsync<const T extends readonly MaybeAsyncResult<unknown, unknown, unknown>[]>(
  results: T,
): Promise<
  Result<
    AnyAsyncValue<T>,
    AnyAsyncErrors<T> | EmptyInputError | PromiseRejectedError,
    AnyAsyncCauses<T> | PromiseRejectionCause
  >
>;
export function anyAsync(
  results: readonly MaybeAsyncResult<unknown, unknown, unknown>[],
): Promise<AnyResult> {
  if (results.length === 0) {
    return Promise.resolve(
      err({ type: "EMPTY_INPUT", message: "anyAsync() requires at least one Result" }),
    );
  }
  return new Promise((resolve) => {
    let firstFailure: AnyResult | undefined;
    let remaining = results.length;
    for (const item of results) {
      void settle(item).then((r) => {
        if (r.ok) return resolve(r);
        firstFailure ??= r;
        if (--remaining === 0) resolve(firstFailure);
      });
    }
  });
}

/** Splits Results into their values and their errors, in input order (causes dropped). */
export function partition<T, E, C>(
  results: readonly Result<T, E, C>[],
): { values: T[]; errors: E[] } {
  const values: T[] = [];
  const errors: E[] = [];
  for (const r of results) {
    if (r.ok) values.push(r.value);
    else errors.push(r.error);
  }
  return { values, errors };
}
