// `never[]` parameters accept every function type without resorting to `any`.
type AnyFunction = (...args: never[]) => unknown;

/** The error type of a Result-returning function (sync or async). */
export type ErrorOf<T extends AnyFunction> =
  Extract<Awaited<ReturnType<T>>, { ok: false }> extends { error: infer E } ? E : never;

/** The union of the error types of a tuple of Result-returning functions. */
export type Errors<T extends AnyFunction[]> = { [K in keyof T]: ErrorOf<T[K]> }[number];

/** The value type of a Result type. */
export type ExtractValue<T> = T extends { ok: true; value: infer U } ? U : never;

/** The error type of a Result type. */
export type ExtractError<T> = T extends { ok: false; error: infer E } ? E : never;

/** The cause type of a Result type. */
export type ExtractCause<T> = T extends { ok: false; cause?: infer C } ? C : never;

/** The cause type of a Result-returning function. */
export type CauseOf<T extends AnyFunction> =
  Extract<Awaited<ReturnType<T>>, { ok: false }> extends { cause?: infer C } ? C : never;
