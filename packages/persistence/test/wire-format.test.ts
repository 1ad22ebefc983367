import { err, ok, type ResumeStateEntry } from "@awaitly/core";
import {
  parseState,
  serializeCause,
  serializeEntry,
  serializeMeta,
  serializeResult,
  stringifyEntry,
  stringifyState,
} from "@awaitly/persistence";
import { describe, expect, it } from "vitest";
import fixtures from "./fixtures/format-1.0.0.json";

// Texts in fixtures/format-1.0.0.json were written by the 1.0.0 serializer (before the wire codec):
// for plain JSON values and Error causes the output must stay byte-for-byte the same.
const boom = withStack(new Error("boom"), "Error: boom\n    at x");
const typeErr = withStack(new TypeError("bad type"), "TypeError: bad type\n    at y");
const noStack = withStack(new RangeError("far"), undefined);
const plain = {
  id: "1",
  n: [1, 2.5, 1e21, -3, 0],
  nested: { deep: [null, true, false, ""] },
  "weird key": "é ☃ \u2028",
  empty: {},
  list: [],
};

function withStack(error: Error, stack: string | undefined): Error {
  error.stack = stack as string;
  return error;
}

const outputs: Record<keyof typeof fixtures, () => string> = {
  okPlain: () => JSON.stringify(serializeResult(ok(plain))),
  okUndefined: () => JSON.stringify(serializeResult(ok(undefined))),
  okNull: () => JSON.stringify(serializeResult(ok(null))),
  okString: () => JSON.stringify(serializeResult(ok('text "quoted"'))),
  errString: () => JSON.stringify(serializeResult(err("DECLINED"))),
  errObject: () => JSON.stringify(serializeResult(err({ type: "NOT_FOUND", id: 7 }))),
  errValueCause: () => JSON.stringify(serializeResult(err("E", { cause: { code: 51 } }))),
  errNullCause: () => JSON.stringify(serializeResult(err("E", { cause: null }))),
  errErrorCause: () => JSON.stringify(serializeResult(err("E", { cause: boom }))),
  errTypeErrorCause: () => JSON.stringify(serializeResult(err({ type: "X" }, { cause: typeErr }))),
  errNoStackCause: () => JSON.stringify(serializeResult(err("E", { cause: noStack }))),
  causeUndefined: () => JSON.stringify(serializeCause(undefined)),
  metaResult: () => JSON.stringify(serializeMeta({ origin: "result", resultCause: { code: 51 } })),
  metaResultNone: () => JSON.stringify(serializeMeta({ origin: "result" })),
  metaThrow: () => JSON.stringify(serializeMeta({ origin: "throw", thrown: boom })),
  entryOk: () => JSON.stringify(serializeEntry({ result: ok([1, "a"]) })),
  entryMeta: () =>
    JSON.stringify(
      serializeEntry({ result: err("UNEXPECTED"), meta: { origin: "throw", thrown: typeErr } }),
    ),
  stringifyEntry: () =>
    stringifyEntry({
      result: err("DECLINED", { cause: boom }),
      meta: { origin: "result", resultCause: boom },
    }),
  stringifyState: () =>
    stringifyState(
      {
        steps: new Map<string, ResumeStateEntry>([
          ["user:1", { result: ok(plain) }],
          [
            "charge",
            {
              result: err("DECLINED", { cause: { code: 51 } }),
              meta: { origin: "result", resultCause: { code: 51 } },
            },
          ],
          ["io", { result: err("UNEXPECTED"), meta: { origin: "throw", thrown: boom } }],
          ["10", { result: ok(10) }],
        ]),
      },
      { runId: "r1", tags: ["a"] },
    ),
  pretty: () => JSON.stringify(serializeResult(err({ type: "X" }, { cause: typeErr })), null, 2),
};

describe("the 1.0.0 wire format", () => {
  it.each(Object.keys(fixtures) as Array<keyof typeof fixtures>)(
    "writes %s byte-for-byte as 1.0.0 did",
    (name) => {
      expect(outputs[name]()).toBe(fixtures[name]);
    },
  );

  it("reads a state 1.0.0 wrote, Error causes included", () => {
    const restored = parseState(fixtures.stringifyState);
    expect([...restored.steps.keys()]).toStrictEqual(["10", "user:1", "charge", "io"]);
    expect(restored.steps.get("user:1")?.result).toStrictEqual(ok(plain));
    expect(restored.steps.get("charge")).toStrictEqual({
      result: err("DECLINED", { cause: { code: 51 } }),
      meta: { origin: "result", resultCause: { code: 51 } },
    });
    const thrown = restored.steps.get("io")?.meta as { thrown: Error };
    expect(thrown.thrown).toBeInstanceOf(Error);
    expect([thrown.thrown.name, thrown.thrown.message, thrown.thrown.stack]).toStrictEqual([
      "Error",
      "boom",
      "Error: boom\n    at x",
    ]);
  });
});

describe("what 1.0.0 could not carry", () => {
  it("round-trips Date, Map, Set, BigInt, undefined, NaN and Errors in value, error and cause", () => {
    const failure = Object.assign(new TypeError("declined", { cause: new Error("bank") }), {
      code: 51,
    });
    const value = {
      at: new Date("2024-05-01T00:00:00.000Z"),
      byId: new Map([["a", 1n]]),
      tags: new Set(["x"]),
      missing: undefined,
      ratio: Number.NaN,
      bytes: new Uint8Array([1, 2]),
    };
    const text = stringifyState({
      steps: new Map<string, ResumeStateEntry>([
        ["value", { result: ok(value) }],
        [
          "error",
          { result: err(failure, { cause: failure }), meta: { origin: "throw", thrown: failure } },
        ],
      ]),
    });
    const restored = parseState(text);
    expect(restored.steps.get("value")?.result).toStrictEqual(ok(value));
    const entry = restored.steps.get("error");
    const result = entry?.result as { error: Error; cause: Error };
    const thrown = (entry?.meta as { thrown: Error }).thrown;
    for (const error of [result.error, result.cause, thrown] as Array<Error & { code?: number }>) {
      expect([error.name, error.message, error.stack, error.code]).toStrictEqual([
        "TypeError",
        "declined",
        failure.stack,
        51,
      ]);
      expect((error.cause as Error).message).toBe("bank");
    }
  });

  it("reads entries written one by one with stringifyEntry inside a state (as the Redis and PostgreSQL checkpointers do)", () => {
    const entry = stringifyEntry({ result: ok({ at: new Date(0), n: 1n }) });
    const restored = parseState(`{"version":1,"entries":{"k":${entry}}}`);
    expect(restored.steps.get("k")?.result).toStrictEqual(ok({ at: new Date(0), n: 1n }));
  });

  it("refuses a cycle with StateSerializeError naming its path, and a broken tag with StateParseError", () => {
    const order: Record<string, unknown> = { id: 1 };
    order.self = order;
    expect(() => stringifyEntry({ result: err("E", { cause: order }) })).toThrow(
      expect.objectContaining({
        type: "STATE_SERIALIZE_ERROR",
        reason: "unserializable",
        path: "entry.result.cause.self",
      }),
    );
    expect(() =>
      parseState(
        '{"version":1,"entries":{"k":{"result":{"ok":true,"value":{"$awaitly":9,"date":1}}}}}',
      ),
    ).toThrow(
      expect.objectContaining({
        type: "STATE_PARSE_ERROR",
        reason: "unsupported-version",
        message: expect.stringContaining(
          'entries["k"].result.value: it was written in wire format 9',
        ),
      }),
    );
  });
});
