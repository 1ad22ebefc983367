import {
  decodeResult,
  encodeValue,
  isWireEncodeError,
  parseResult,
  parseValue,
  stringifyResult,
  stringifyValue,
  type Result,
  type WireDecodeError,
  type WireEncodeError,
  type WireJson,
} from "@awaitly/core";
import { describe, expectTypeOf, it } from "vitest";

describe("wire codec types", () => {
  it("returns Results whose Err is the typed codec error", () => {
    expectTypeOf(encodeValue(1)).toEqualTypeOf<Result<WireJson, WireEncodeError>>();
    expectTypeOf(stringifyValue(1)).toEqualTypeOf<Result<string, WireEncodeError>>();
    expectTypeOf(parseValue("1")).toEqualTypeOf<Result<unknown, WireDecodeError>>();
    expectTypeOf(stringifyResult({ ok: true, value: 1 })).toEqualTypeOf<
      Result<string, WireEncodeError>
    >();
    expectTypeOf(parseResult("{}")).toEqualTypeOf<
      Result<Result<unknown, unknown, unknown>, WireDecodeError>
    >();
    expectTypeOf(decodeResult({})).toEqualTypeOf<parseResultType>();
  });

  it("narrows with the guard and exposes path and reason", () => {
    const error: unknown = undefined;
    if (isWireEncodeError(error)) {
      expectTypeOf(error.path).toEqualTypeOf<string>();
      expectTypeOf(error.type).toEqualTypeOf<"WIRE_ENCODE_ERROR">();
    }
    // @ts-expect-error the root must be a string
    stringifyValue(1, { root: 1 });
  });
});

type parseResultType = ReturnType<typeof parseResult>;
