import {
  decodeValue,
  encodeValue,
  isWireDecodeError,
  isWireEncodeError,
  parseValue,
  stringifyValue,
  WIRE_FORMAT_VERSION,
  WireEncodeError,
} from "@awaitly/core";
import { describe, expect, it } from "vitest";

const roundTrip = (value: unknown): unknown => {
  const text = stringifyValue(value);
  if (!text.ok) throw text.error;
  const back = parseValue(text.value);
  if (!back.ok) throw back.error;
  return back.value;
};

const refusal = (value: unknown, root?: string): WireEncodeError => {
  const encoded = encodeValue(value, root === undefined ? undefined : { root });
  if (encoded.ok) throw new Error("expected a refusal");
  return encoded.error;
};

describe("stringifyValue", () => {
  it("writes plain JSON values exactly as JSON.stringify does", () => {
    const value = { a: [1, "x", null, true, { b: 1e21 }], "odd key": "é\u2028", empty: {} };
    expect(stringifyValue(value)).toStrictEqual({ ok: true, value: JSON.stringify(value) });
  });

  it("writes a tagged object with the format version for what JSON cannot carry", () => {
    expect(stringifyValue(new Date("2024-05-01T10:00:00.000Z"))).toStrictEqual({
      ok: true,
      value: `{"$awaitly":${WIRE_FORMAT_VERSION},"date":"2024-05-01T10:00:00.000Z"}`,
    });
    expect(stringifyValue({ n: 10n })).toStrictEqual({
      ok: true,
      value: '{"n":{"$awaitly":1,"bigint":"10"}}',
    });
  });
});

describe("encodeValue", () => {
  it("returns plain JSON as the same reference (nothing copied)", () => {
    const value = { a: [1, { b: "c" }] };
    const encoded = encodeValue(value);
    expect(encoded.ok && encoded.value).toBe(value);
  });

  it("copies only the objects on the way to a tagged value", () => {
    const untouched = { x: 1 };
    const value = { untouched, changed: { when: new Date(0) } };
    const encoded = encodeValue(value);
    if (!encoded.ok) throw encoded.error;
    const tree = encoded.value as Record<string, unknown>;
    expect(tree).not.toBe(value);
    expect(tree.untouched).toBe(untouched);
  });

  it("encodes a shared (non-cyclic) reference twice", () => {
    const shared = { id: 1, at: new Date(5) };
    const back = roundTrip({ a: shared, b: [shared] }) as { a: unknown; b: unknown[] };
    expect(back.a).toStrictEqual(shared);
    expect(back.b[0]).toStrictEqual(shared);
  });
});

describe("the round trip", () => {
  it("keeps Date, invalid Date, Map, Set, BigInt and Uint8Array", () => {
    const value = {
      at: new Date("2024-05-01T10:00:00.123Z"),
      never: new Date(Number.NaN),
      byId: new Map<unknown, unknown>([
        ["a", 1],
        [2, new Set([1n, "x"])],
        [{ k: 1 }, [new Date(7)]],
      ]),
      tags: new Set(["x", "y"]),
      big: -12345678901234567890n,
      bytes: new Uint8Array([0, 1, 2, 253, 254, 255, 7]),
      empty: new Uint8Array([]),
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toStrictEqual(value);
    expect(Number.isNaN(back.never.getTime())).toBe(true);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
  });

  it("keeps undefined in objects and arrays, NaN, ±Infinity and -0", () => {
    const value = {
      gone: undefined,
      list: [undefined, 1],
      n: [Number.NaN, Infinity, -Infinity, -0, 0],
    };
    const back = roundTrip(value) as typeof value;
    expect(Object.hasOwn(back, "gone")).toBe(true);
    expect(back).toStrictEqual(value);
    expect(Object.is(back.n[3], -0)).toBe(true);
    expect(Object.is(back.n[4], 0)).toBe(true);
    expect(roundTrip(undefined)).toBeUndefined();
  });

  it("keeps an Error's name, message, stack, cause and own fields, nested anywhere", () => {
    class NotFound extends Error {
      readonly type = "NOT_FOUND" as const;
      override readonly name = "NotFound";
      constructor(
        readonly id: number,
        options?: { cause?: unknown },
      ) {
        super(`no order ${id}`, options);
      }
    }
    const inner = new RangeError("inner");
    const error = new NotFound(7, { cause: inner });
    const back = roundTrip({ deep: [{ error }] }) as {
      deep: [{ error: Error & Record<string, unknown> }];
    };
    const restored = back.deep[0].error;
    expect(restored).toBeInstanceOf(Error);
    expect([restored.name, restored.message, restored.stack]).toStrictEqual([
      "NotFound",
      "no order 7",
      error.stack,
    ]);
    expect([restored.type, restored.id]).toStrictEqual(["NOT_FOUND", 7]);
    expect(Object.keys(restored).sort()).toStrictEqual(["id", "type"]);
    const cause = restored.cause as Error;
    expect([cause.name, cause.message, cause.stack]).toStrictEqual([
      "RangeError",
      "inner",
      inner.stack,
    ]);
    expect(Object.getOwnPropertyDescriptor(restored, "cause")?.enumerable).toBe(false);
  });

  it("keeps an explicit undefined cause as an own cause", () => {
    const back = roundTrip(new Error("x", { cause: undefined })) as Error;
    expect(Object.hasOwn(back, "cause")).toBe(true);
    expect(back.cause).toBeUndefined();
    expect(Object.hasOwn(roundTrip(new Error("y")) as Error, "cause")).toBe(false);
  });

  it("stores an object with toJSON as what toJSON returns (called with its key)", () => {
    const keys: string[] = [];
    const money = { toJSON: (key: string) => (keys.push(key), { cents: 150, at: new Date(1) }) };
    class Url {
      toJSON(): string {
        return "https://example.com/";
      }
    }
    expect(roundTrip({ money, link: new Url() })).toStrictEqual({
      money: { cents: 150, at: new Date(1) },
      link: "https://example.com/",
    });
    expect(keys).toStrictEqual(["money"]);
  });

  it("escapes a plain object that uses the tag keys, so it reads back as itself", () => {
    const value = {
      $awaitly: 1,
      date: "2024-01-01",
      nested: { $awaitlyError: { name: "x", message: "y" } },
    };
    expect(roundTrip(value)).toStrictEqual(value);
    expect(roundTrip({ __proto__: null, $awaitly: 2 })).toStrictEqual({ $awaitly: 2 });
  });

  it("keeps __proto__ keys as data and never touches prototypes", () => {
    const value = JSON.parse(
      '{"__proto__":{"polluted":true},"d":{"$awaitly":1,"undefined":true}}',
    ) as object;
    const back = roundTrip(value) as Record<string, unknown>;
    expect(Object.keys(back)).toStrictEqual(["__proto__", "d"]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("refusals", () => {
  it("refuses a function with a typed error naming its path from the caller's root", () => {
    const error = refusal({ customer: { notify: () => undefined } }, "input");
    expect(error).toBeInstanceOf(WireEncodeError);
    expect(isWireEncodeError(error)).toBe(true);
    expect(error).toMatchObject({
      type: "WIRE_ENCODE_ERROR",
      name: "WireEncodeError",
      reason: "function",
      path: "input.customer.notify",
    });
    expect(error.message).toMatch(
      /^Cannot encode input\.customer\.notify: a function has no wire form/,
    );
  });

  it("refuses symbols, class instances and sparse arrays, naming the first bad part", () => {
    class Money {
      constructor(readonly cents: number) {}
    }
    expect(refusal({ tags: ["a", Symbol("b")] })).toMatchObject({
      reason: "symbol",
      path: "value.tags[1]",
    });
    expect(refusal({ "first name": new Money(1), later: () => 1 })).toMatchObject({
      reason: "class-instance",
      path: 'value["first name"]',
    });
    expect(refusal({ price: new Money(1) }).message).toMatch(
      /an instance of Money has no wire form; give the class a toJSON\(\)/,
    );
    // eslint-disable-next-line no-sparse-arrays
    expect(refusal([1, , 3])).toMatchObject({ reason: "sparse-array", path: "value[1]" });
    expect(refusal(new WeakMap())).toMatchObject({ reason: "class-instance", path: "value" });
  });

  it("refuses a cycle, naming where it points back to", () => {
    const order: Record<string, unknown> = { id: 1 };
    order.lines = [{ order }];
    const error = refusal(order, "input");
    expect(error).toMatchObject({ reason: "cycle", path: "input.lines[0].order" });
    expect(error.message).toMatch(/refers back to input \(a cycle\)/);
  });

  it("names places inside Maps, Sets and Errors", () => {
    expect(refusal({ m: new Map([["k", { f: () => 1 }]]) })).toMatchObject({
      path: 'value.m.get("k").f',
    });
    expect(refusal(new Map([[Symbol("s"), 1]]))).toMatchObject({ path: "value.keys()[0]" });
    expect(refusal(new Set([1, () => 1]))).toMatchObject({ path: "value.values()[1]" });
    const error = Object.assign(new Error("x"), { retry: () => 1 });
    expect(refusal({ error })).toMatchObject({ path: "value.error.retry" });
  });

  it("refuses absurd depth with the path instead of overflowing the stack", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    const error = refusal(deep);
    expect(error.reason).toBe("too-deep");
    expect(error.path.startsWith("value.next.next")).toBe(true);
    expect(error.message.length).toBeLessThan(400);
    expect(encodeValue([[[1]]], { maxDepth: 2 })).toMatchObject({
      ok: false,
      error: { path: "value[0][0]" },
    });
    expect(() => encodeValue(1, { maxDepth: 0 })).toThrow(/maxDepth/);
  });

  it("turns a throwing toJSON or getter into an Err at its path, never a raw throw", () => {
    const value = {
      get total(): number {
        throw new TypeError("no total");
      },
    };
    const error = refusal({ order: value });
    expect(error).toMatchObject({ reason: "threw", path: "value.order.total" });
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});

describe("decodeValue / parseValue", () => {
  it("returns plain JSON as the same reference", () => {
    const json = { a: [1, { b: 2 }] };
    expect(decodeValue(json)).toStrictEqual({ ok: true, value: json });
    expect((decodeValue(json) as { value: unknown }).value).toBe(json);
  });

  it.each([
    ["{nope", "malformed-json", "value"],
    ['{"a":{"$awaitly":2,"date":"x"}}', "unsupported-version", "value.a"],
    ['{"a":[{"$awaitly":1,"shape":1}]}', "unknown-tag", "value.a[0]"],
    ['{"$awaitly":1,"bigint":"1.5"}', "malformed-tag", "value"],
    ['{"$awaitly":1,"date":"tomorrow"}', "malformed-tag", "value"],
    ['{"$awaitly":1,"bytes":"###="}', "malformed-tag", "value"],
    ['{"$awaitly":1,"map":[[1]]}', "malformed-tag", "value"],
    ['{"$awaitly":1,"error":{"message":"x"}}', "malformed-tag", "value"],
    ['{"$awaitly":1}', "malformed-tag", "value"],
  ])("refuses %s with reason %s at %s", (text, reason, path) => {
    const decoded = parseValue(text);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(isWireDecodeError(decoded.error)).toBe(true);
    expect(decoded.error).toMatchObject({ name: "WireDecodeError", reason, path });
  });

  it("refuses data nested past maxDepth with the path", () => {
    const text = `${"[".repeat(50)}${"]".repeat(50)}`;
    expect(parseValue(text, { maxDepth: 10, root: "payload" })).toMatchObject({
      ok: false,
      error: { reason: "too-deep", path: `payload${"[0]".repeat(10)}` },
    });
  });
});
