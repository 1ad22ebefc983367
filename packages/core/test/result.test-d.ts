import { describe, expectTypeOf, it } from "vitest";
import {
  all,
  allAsync,
  allSettled,
  andThen,
  any,
  err,
  ok,
  orElseAsync,
  type AsyncResult,
  type CauseOf,
  type EmptyInputError,
  type Err,
  type ErrorOf,
  type Errors,
  type ExtractCause,
  type ExtractError,
  type ExtractValue,
  type Ok,
  type PromiseRejectedError,
  type Result,
  type SettledError,
} from "@awaitly/core";

type X = { x: true };
declare const f1: () => AsyncResult<number, "A", Error>;
declare const f2: (x: string) => Result<number, "C"> | AsyncResult<number, "D", X>;
declare const f3: () => Ok<number>;
declare const f4: () => Result<string, "B">;
declare const r1: Result<number, "A", Error>;
declare const r2: Result<string, "B">;
declare const a1: AsyncResult<number, "A", Error>;

describe("constructors", () => {
  it("infer Ok and Err", () => {
    expectTypeOf(ok(1)).toEqualTypeOf<Ok<number>>();
    expectTypeOf(err("X")).toEqualTypeOf<Err<string, unknown>>();
    expectTypeOf(err("X" as const, { cause: new Error() })).toEqualTypeOf<Err<"X", Error>>();
  });

  it("keep literals under a declared return type", () => {
    const f = async (): AsyncResult<number, "X"> => err("X");
    expectTypeOf(f).returns.resolves.toEqualTypeOf<Result<number, "X">>();
  });
});

describe("type utilities", () => {
  it("resolve as specified", () => {
    expectTypeOf<ErrorOf<typeof f1>>().toEqualTypeOf<"A">();
    expectTypeOf<ErrorOf<typeof f2>>().toEqualTypeOf<"C" | "D">();
    expectTypeOf<ErrorOf<typeof f3>>().toEqualTypeOf<unknown>();
    expectTypeOf<CauseOf<typeof f1>>().toEqualTypeOf<Error>();
    expectTypeOf<CauseOf<typeof f4>>().toEqualTypeOf<unknown>();
    expectTypeOf<CauseOf<typeof f2>>().toEqualTypeOf<unknown>();
    expectTypeOf<Errors<[typeof f1, typeof f2, typeof f4]>>().toEqualTypeOf<
      "A" | "C" | "D" | "B"
    >();
    expectTypeOf<ExtractValue<Result<number, "E", Error>>>().toEqualTypeOf<number>();
    expectTypeOf<ExtractError<Result<number, "E", Error>>>().toEqualTypeOf<"E">();
    expectTypeOf<ExtractCause<Result<number, "E", Error>>>().toEqualTypeOf<Error>();
    expectTypeOf<ExtractCause<Result<number, "E">>>().toEqualTypeOf<unknown>();
    expectTypeOf<ExtractValue<AsyncResult<number, "E">>>().toEqualTypeOf<never>();
  });
});

describe("transformers", () => {
  it("widen error unions to what the callbacks produce", () => {
    expectTypeOf(andThen(r1, (n) => (n > 0 ? ok(String(n)) : err("B" as const)))).toEqualTypeOf<
      Result<string, "A" | "B", unknown>
    >();
    expectTypeOf(orElseAsync(r1, () => ok(2))).toEqualTypeOf<
      Promise<Result<number, unknown, unknown>>
    >();
  });
});

describe("batch", () => {
  it("infers tuples and error unions", () => {
    expectTypeOf(all([ok(1), ok("a")])).toEqualTypeOf<Ok<readonly [number, string]>>();
    expectTypeOf(all([r1, r2])).toEqualTypeOf<
      Result<readonly [number, string], "A" | "B", unknown>
    >();
    expectTypeOf(allAsync([a1, r2])).toEqualTypeOf<
      Promise<Result<readonly [number, string], "A" | "B" | PromiseRejectedError, unknown>>
    >();
    expectTypeOf(any([r1, r2])).toEqualTypeOf<
      Result<string | number, "A" | "B" | EmptyInputError, unknown>
    >();
    expectTypeOf(allSettled([r1, r2])).toEqualTypeOf<
      Result<readonly [number, string], SettledError<"A" | "B", unknown>[], unknown>
    >();
    expectTypeOf(allSettled([ok(1), ok(2)])).toEqualTypeOf<Ok<readonly [number, number]>>();
  });
});
