import {
  encodeValue,
  err,
  ok,
  parseResult,
  parseValue,
  stringifyResult,
  stringifyValue,
} from "@awaitly/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// JSON values as JSON.parse gives them (no -0, which JSON writes as 0).
const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const key = fc.oneof(
  fc.string(),
  fc.constantFrom("$awaitly", "$awaitlyError", "__proto__", "date", "error", "1"),
);
const RESERVED = new Set(["name", "message", "stack", "cause"]);

const define = (target: object, name: string, value: unknown): void => {
  Object.defineProperty(target, name, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
};
const record = (entries: Array<[string, unknown]>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [name, value] of entries) define(out, name, value);
  return out;
};

const leaf = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.double(),
  fc.bigInt(),
  fc.date(),
  fc.constant(new Date(Number.NaN)),
  fc.uint8Array({ maxLength: 12 }),
);

const { value: richValue } = fc.letrec<{ value: unknown; error: Error }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map(record),
    fc
      .array(fc.tuple(fc.oneof(fc.string(), fc.integer(), tie("value")), tie("value")), {
        maxLength: 3,
      })
      .map((pairs) => new Map(pairs)),
    fc.array(tie("value"), { maxLength: 3 }).map((items) => new Set(items)),
    tie("error"),
  ),
  error: fc
    .record({
      name: fc.constantFrom("Error", "TypeError", "NotFound"),
      message: fc.string(),
      stack: fc.option(fc.string(), { nil: undefined }),
      cause: fc.option(tie("value"), { nil: undefined, freq: 2 }),
      hasCause: fc.boolean(),
      fields: fc.array(
        fc.tuple(
          key.filter((k) => !RESERVED.has(k)),
          tie("value"),
        ),
        { maxLength: 3 },
      ),
    })
    .map(({ name, message, stack, cause, hasCause, fields }) => {
      const error = hasCause ? new Error(message, { cause }) : new Error(message);
      define(error, "name", name);
      Object.defineProperty(error, "name", { enumerable: false });
      error.stack = stack as string;
      for (const [field, value] of fields) define(error, field, value);
      return error;
    }),
}));

/** Deep equality for the supported kinds; Errors by name, message, stack, cause and fields. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null) return Object.is(a, b);
  if (typeof b !== "object" || b === null) return false;
  if (a instanceof Date) return b instanceof Date && Object.is(a.getTime(), b.getTime());
  if (a instanceof Uint8Array) return b instanceof Uint8Array && a.join() === b.join();
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    const [ea, eb] = [[...a], [...b]];
    return ea.every((pair, i) => same(pair[0], eb[i]?.[0]) && same(pair[1], eb[i]?.[1]));
  }
  if (a instanceof Set) return b instanceof Set && same([...a], [...b]);
  if (a instanceof Error) {
    if (!(b instanceof Error)) return false;
    const stackOk = typeof a.stack !== "string" || a.stack === b.stack;
    const causeOk =
      Object.hasOwn(a, "cause") === Object.hasOwn(b, "cause") && same(a.cause, b.cause);
    return a.name === b.name && a.message === b.message && stackOk && causeOk && sameFields(a, b);
  }
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => same(v, b[i]));
  return sameFields(a, b);
}

function sameFields(a: object, b: object): boolean {
  const [ka, kb] = [
    Object.keys(a).filter((k) => !RESERVED.has(k)),
    Object.keys(b).filter((k) => !RESERVED.has(k)),
  ];
  return (
    ka.join("\u0000") === kb.join("\u0000") &&
    ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

const roundTrip = (value: unknown): unknown => {
  const text = stringifyValue(value);
  if (!text.ok) throw text.error;
  const back = parseValue(text.value);
  if (!back.ok) throw back.error;
  return back.value;
};

describe("wire codec properties", () => {
  it("writes any JSON value as JSON.stringify does and reads it back to the same text", () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = stringifyValue(value);
        expect(text).toStrictEqual({ ok: true, value: JSON.stringify(value) });
        expect(JSON.stringify(roundTrip(value))).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips any value made of the supported kinds (tag keys included)", () => {
    fc.assert(
      fc.property(richValue, (value) => {
        expect(same(value, roundTrip(value))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips any Result whose value, error and cause are made of the supported kinds", () => {
    const result = fc.oneof(
      richValue.map((value) => ok(value)),
      fc.tuple(richValue, richValue).map(([error, cause]) => err(error, { cause })),
    );
    fc.assert(
      fc.property(result, (outcome) => {
        const text = stringifyResult(outcome);
        if (!text.ok) throw text.error;
        const back = parseResult(text.value);
        if (!back.ok) throw back.error;
        const restored = back.value;
        expect(restored.ok).toBe(outcome.ok);
        if (outcome.ok) expect(same(outcome.value, restored.ok && restored.value)).toBe(true);
        else if (!restored.ok) {
          expect(same(outcome.error, restored.error)).toBe(true);
          expect(same(outcome.cause, restored.cause)).toBe(true);
          expect("cause" in restored).toBe(outcome.cause !== undefined);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("names the path of the bad part wherever it sits", () => {
    const step = fc.oneof(
      fc.record({ key: key, siblings: fc.array(fc.tuple(key, json), { maxLength: 2 }) }),
      fc.record({ index: fc.nat(3), fill: json }),
    );
    const bad = fc.constantFrom<[unknown, string]>(
      [() => 1, "function"],
      [Symbol("s"), "symbol"],
      [new (class Money {})(), "class-instance"],
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 6 }),
        bad,
        fc.constantFrom("input", "payload"),
        (steps, [part, reason], root) => {
          let value: unknown = part;
          for (const s of [...steps].reverse()) {
            if ("key" in s) {
              const parent = record(s.siblings);
              define(parent, s.key, value);
              value = parent;
            } else {
              value = [...Array.from({ length: s.index }, () => s.fill), value];
            }
          }
          const path = steps
            .map((s) =>
              "key" in s
                ? /^[A-Za-z_$][\w$]*$/.test(s.key)
                  ? `.${s.key}`
                  : `[${JSON.stringify(s.key)}]`
                : `[${s.index}]`,
            )
            .join("");
          expect(encodeValue(value, { root })).toMatchObject({
            ok: false,
            error: { reason, path: root + path },
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reports the first bad part in key order when there are several", () => {
    expect(encodeValue({ a: { ok: 1, f: () => 1 }, b: Symbol("later") })).toMatchObject({
      ok: false,
      error: { path: "value.a.f" },
    });
  });
});
