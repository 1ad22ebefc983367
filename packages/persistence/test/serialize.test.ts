import { err, ok, type Result } from "@awaitly/core";
import {
  deserializeCause,
  deserializeEntry,
  deserializeMeta,
  deserializeResult,
  serializeCause,
  serializeEntry,
  serializeMeta,
  serializeResult,
} from "@awaitly/persistence";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("serializeCause", () => {
  it("writes one type key when the cause is undefined", () => {
    expect(serializeCause(undefined)).toStrictEqual({ type: "undefined" });
  });

  it("keeps name, message and stack when the cause is an Error", () => {
    const error = new TypeError("bad");
    const encoded = serializeCause(error);
    expect(encoded).toStrictEqual({
      type: "error",
      errorName: "TypeError",
      errorMessage: "bad",
      errorStack: error.stack,
    });
  });

  it("keeps the original reference when the value is JSON-safe", () => {
    const value = { code: 51 };
    expect(serializeCause(value).value).toBe(value);
    expect(serializeCause(null)).toStrictEqual({ type: "value", value: null });
  });

  // 1.0.0 wrote String(cause) here ("10", "[object Object]"); the wire codec keeps a BigInt and
  // refuses a cycle with its path instead of silently storing a different value.
  it("keeps a BigInt as a tagged value and refuses a cycle naming its path", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(serializeCause(10n)).toStrictEqual({
      type: "value",
      value: { $awaitly: 1, bigint: "10" },
    });
    expect(deserializeCause(serializeCause(10n))).toBe(10n);
    expect(() => serializeCause(cyclic)).toThrow(
      expect.objectContaining({
        name: "StateSerializeError",
        reason: "unserializable",
        path: "cause.self",
      }),
    );
  });
});

describe("deserializeCause", () => {
  it("rebuilds a plain Error with the saved name, message and stack when type is error", () => {
    const restored = deserializeCause({
      type: "error",
      errorName: "TypeError",
      errorMessage: "bad",
      errorStack: "TypeError: bad\n    at here",
    }) as Error;
    expect(restored).toBeInstanceOf(Error);
    expect(restored).not.toBeInstanceOf(TypeError);
    expect(Object.hasOwn(restored, "name")).toBe(true);
    expect([restored.name, restored.message, restored.stack]).toStrictEqual([
      "TypeError",
      "bad",
      "TypeError: bad\n    at here",
    ]);
  });

  it("uses defaults when the error fields are missing", () => {
    const restored = deserializeCause({ type: "error" }) as Error;
    expect([restored.name, restored.message]).toStrictEqual(["Error", "Unknown error"]);
    expect(restored.stack).toBeTruthy();
  });

  it("returns the value for value and unknown types, undefined for undefined", () => {
    expect(deserializeCause({ type: "value", value: 3 })).toBe(3);
    expect(deserializeCause({ type: "other", value: 4 } as never)).toBe(4);
    expect(deserializeCause({ type: "undefined" })).toBeUndefined();
  });
});

describe("serializeResult", () => {
  it("writes exactly ok and value when the result is Ok", () => {
    expect(serializeResult({ ok: true, value: 1, cause: "x" } as never)).toStrictEqual({
      ok: true,
      value: 1,
    });
  });

  it("always writes the cause key when the result is Err", () => {
    expect(serializeResult(err("E"))).toStrictEqual({ ok: false, error: "E", cause: undefined });
    expect(JSON.stringify(serializeResult(err("E", { cause: { code: 1 } })))).toBe(
      '{"ok":false,"error":"E","cause":{"type":"value","value":{"code":1}}}',
    );
  });
});

describe("deserializeResult", () => {
  it("adds a cause key only when the decoded cause is defined", () => {
    expect(deserializeResult({ ok: false, error: "E" })).toStrictEqual({ ok: false, error: "E" });
    expect(
      deserializeResult({ ok: false, error: "E", cause: { type: "value", value: null } }),
    ).toStrictEqual({ ok: false, error: "E", cause: null });
    expect(deserializeResult({ ok: true, value: 2, error: "ignored" })).toStrictEqual(ok(2));
  });

  it("throws a TypeError when the input is null", () => {
    expect(() => deserializeResult(null as never)).toThrow(TypeError);
  });
});

describe("serializeMeta / deserializeMeta", () => {
  it("encodes both origins with their cause keys always present", () => {
    expect(serializeMeta({ origin: "result" })).toStrictEqual({
      origin: "result",
      resultCause: undefined,
    });
    expect(serializeMeta({ origin: "throw", thrown: undefined })).toStrictEqual({
      origin: "throw",
      thrown: { type: "undefined" },
    });
    expect(deserializeMeta({ origin: "throw" })).toStrictEqual({
      origin: "throw",
      thrown: undefined,
    });
    expect(
      deserializeMeta({ origin: "result", resultCause: { type: "value", value: 1 } }),
    ).toStrictEqual({ origin: "result", resultCause: 1 });
  });
});

describe("serializeEntry / deserializeEntry", () => {
  it("keeps the meta key present even when there is no meta", () => {
    expect(serializeEntry({ result: ok(1) })).toStrictEqual({
      result: { ok: true, value: 1 },
      meta: undefined,
    });
    expect(deserializeEntry({ result: { ok: true, value: 1 } })).toStrictEqual({
      result: ok(1),
      meta: undefined,
    });
  });
});

// JSON-safe values: no -0 (JSON writes 0) and no undefined inside objects/arrays.
const jsonValue = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const errorCause = fc
  .record({
    name: fc.constantFrom("Error", "TypeError", "RangeError", "CustomError"),
    message: fc.string(),
    stack: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
  })
  .map(({ name, message, stack }) => {
    const error = new Error(message);
    error.name = name;
    if (stack !== undefined) error.stack = stack;
    return error;
  });
const anyResult: fc.Arbitrary<Result<unknown, unknown, unknown>> = fc.oneof(
  jsonValue.map((value) => ok(value)),
  fc
    .tuple(jsonValue, fc.option(fc.oneof(jsonValue, errorCause), { nil: undefined }))
    .map(([error, cause]) => err(error, { cause })),
);

describe("serializeResult → JSON → deserializeResult (property)", () => {
  it("round-trips any Result with JSON-safe values and Error causes", () => {
    fc.assert(
      fc.property(anyResult, (result) => {
        const restored = deserializeResult(JSON.parse(JSON.stringify(serializeResult(result))));
        if (result.ok) {
          expect(restored).toStrictEqual(result);
          return;
        }
        expect(restored.ok).toBe(false);
        if (restored.ok) return;
        expect(restored.error).toStrictEqual(result.error);
        if (result.cause instanceof Error) {
          const cause = restored.cause as Error;
          expect(cause).toBeInstanceOf(Error);
          expect([cause.name, cause.message, cause.stack]).toStrictEqual([
            result.cause.name,
            result.cause.message,
            result.cause.stack,
          ]);
        } else if (result.cause === undefined) {
          expect("cause" in restored).toBe(false);
        } else {
          expect(restored.cause).toStrictEqual(result.cause);
        }
      }),
      { numRuns: 500 },
    );
  });
});
