import { err, ok, type ResumeState, type ResumeStateEntry } from "@awaitly/core";
import {
  DEFAULT_MAX_STATE_BYTES,
  deserializeState,
  isStateSerializeError,
  StateSerializeError,
  stringifyEntry,
  isStateParseError,
  parseState,
  serializeState,
  StateParseError,
  stringifyState,
} from "@awaitly/persistence";
import { describe, expect, it } from "vitest";

const state = (entries: Array<[string, ResumeStateEntry]>): ResumeState => ({
  steps: new Map(entries),
});

describe("serializeState", () => {
  it("writes format version 1, entries in Map order and metadata by reference", () => {
    const metadata = { runId: "r1" };
    const serialized = serializeState(
      state([
        ["b", { result: ok(1) }],
        ["a", { result: ok(2) }],
      ]),
      metadata,
    );
    expect(serialized.version).toBe(1);
    expect(Object.keys(serialized.entries)).toStrictEqual(["b", "a"]);
    expect(serialized.metadata).toBe(metadata);
    expect("metadata" in serializeState(state([]))).toBe(true);
  });

  it("keeps a step named __proto__ as an own key instead of replacing the prototype", () => {
    const serialized = serializeState(state([["__proto__", { result: ok("kept") }]]));
    expect(Object.getPrototypeOf(serialized.entries)).toBe(Object.prototype);
    expect(Object.keys(serialized.entries)).toStrictEqual(["__proto__"]);
    expect(parseState(JSON.stringify(serialized)).steps.get("__proto__")?.result).toStrictEqual(
      ok("kept"),
    );
  });
});

describe("stringifyState", () => {
  it("produces the documented compact wire format", () => {
    const boom = new Error("boom");
    boom.stack = "Error: boom\n    at x";
    const text = stringifyState(
      state([
        ["user:1", { result: ok({ id: "1" }) }],
        [
          "charge",
          {
            result: err("DECLINED", { cause: { code: 51 } }),
            meta: { origin: "result", resultCause: { code: 51 } },
          },
        ],
        ["io", { result: err("UNEXPECTED"), meta: { origin: "throw", thrown: boom } }],
      ]),
      { runId: "r1" },
    );
    expect(text).toBe(
      '{"version":1,"entries":{' +
        '"user:1":{"result":{"ok":true,"value":{"id":"1"}}},' +
        '"charge":{"result":{"ok":false,"error":"DECLINED","cause":{"type":"value","value":{"code":51}}},' +
        '"meta":{"origin":"result","resultCause":{"type":"value","value":{"code":51}}}},' +
        '"io":{"result":{"ok":false,"error":"UNEXPECTED"},' +
        '"meta":{"origin":"throw","thrown":{"type":"error","errorName":"Error","errorMessage":"boom","errorStack":"Error: boom\\n    at x"}}}},' +
        '"metadata":{"runId":"r1"}}',
    );
  });
});

describe("parseState", () => {
  it("restores Error causes and drops metadata", () => {
    const cause = new RangeError("far");
    const restored = parseState(
      stringifyState(state([["k", { result: err("E", { cause }) }]]), { a: 1 }),
    );
    expect(Object.keys(restored)).toStrictEqual(["steps"]);
    const result = restored.steps.get("k")?.result;
    expect(result?.ok).toBe(false);
    const restoredCause = (result as { cause: Error }).cause;
    expect([restoredCause.name, restoredCause.message, restoredCause.stack]).toStrictEqual([
      "RangeError",
      "far",
      cause.stack,
    ]);
  });

  it("throws StateParseError(malformed-json) when the text is not JSON", () => {
    const error = catchError(() => parseState("{nope"));
    expect(error).toBeInstanceOf(StateParseError);
    expect(isStateParseError(error)).toBe(true);
    expect(error).toMatchObject({ type: "STATE_PARSE_ERROR", reason: "malformed-json" });
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ["null", "invalid-shape"],
    ["[]", "invalid-shape"],
    ['{"version":1}', "invalid-shape"],
    ['{"version":1,"entries":[]}', "invalid-shape"],
    ['{"version":1,"entries":{"k":{}}}', "invalid-shape"],
    ['{"version":1,"entries":{"k":{"result":{"ok":"yes"}}}}', "invalid-shape"],
    ['{"version":1,"entries":{"k":{"result":{"ok":false,"cause":5}}}}', "invalid-shape"],
    ['{"version":1,"entries":{"k":{"result":{"ok":true},"meta":{"origin":"x"}}}}', "invalid-shape"],
    ['{"entries":{}}', "unsupported-version"],
    ['{"version":2,"entries":{}}', "unsupported-version"],
  ])("throws StateParseError(%s) with reason %s", (text, reason) => {
    const error = catchError(() => parseState(text));
    expect(isStateParseError(error)).toBe(true);
    expect((error as StateParseError).reason).toBe(reason);
    expect((error as StateParseError).name).toBe("StateParseError");
  });

  it("never pollutes prototypes when keys are __proto__, constructor or prototype", () => {
    const text =
      '{"version":1,"entries":{' +
      '"__proto__":{"result":{"ok":true,"value":{"__proto__":{"polluted":true}}}},' +
      '"constructor":{"result":{"ok":true,"value":{"prototype":{"polluted":true}}}},' +
      '"prototype":{"result":{"ok":false,"error":{"constructor":{"prototype":{"polluted":true}}}}}}}';
    const restored = parseState(text);
    expect([...restored.steps.keys()]).toStrictEqual(["__proto__", "constructor", "prototype"]);
    const plain: Record<string, unknown> = {};
    expect(plain.polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    const value = (restored.steps.get("__proto__")?.result as { value: object }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    // Re-serializing keeps every key.
    expect(Object.keys(serializeState(restored).entries)).toStrictEqual([
      "__proto__",
      "constructor",
      "prototype",
    ]);
  });

  it("moves integer-like keys first, as Object.entries does", () => {
    const restored = parseState(
      stringifyState(
        state([
          ["b", { result: ok(1) }],
          ["10", { result: ok(2) }],
        ]),
      ),
    );
    expect([...restored.steps.keys()]).toStrictEqual(["10", "b"]);
  });
});

describe("deserializeState", () => {
  it("ignores version and metadata and returns only steps", () => {
    const restored = deserializeState({
      version: 7,
      entries: { a: { result: { ok: true, value: 1 } } },
      metadata: { x: 1 },
    });
    expect(restored).toStrictEqual({ steps: new Map([["a", { result: ok(1), meta: undefined }]]) });
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("stringifyState limits", () => {
  const deep = (levels: number): unknown => {
    let value: unknown = "bottom";
    for (let i = 0; i < levels; i++) value = { next: value };
    return value;
  };

  it("throws a typed too-deep error, not a RangeError, for 100,000 levels of nesting", () => {
    const nested = state([["deep", { result: ok(deep(100_000)) }]]);
    let thrown: unknown;
    try {
      stringifyState(nested);
    } catch (error) {
      thrown = error;
    }
    expect(isStateSerializeError(thrown)).toBe(true);
    expect(thrown).toBeInstanceOf(StateSerializeError);
    expect((thrown as StateSerializeError).reason).toBe("too-deep");
    expect((thrown as Error).name).toBe("StateSerializeError");
    expect(() => stringifyEntry({ result: ok(deep(100_000)) })).toThrow(/nested too deeply/);
  });

  it("refuses state over the default 10 MiB with a typed too-large error naming the sizes", () => {
    expect(DEFAULT_MAX_STATE_BYTES).toBe(10 * 1024 * 1024);
    const huge = state([["blob", { result: ok("x".repeat(DEFAULT_MAX_STATE_BYTES)) }]]);
    try {
      stringifyState(huge);
      expect.unreachable("should have thrown");
    } catch (error) {
      expect(isStateSerializeError(error) && error.reason).toBe("too-large");
      expect((error as StateSerializeError).maxBytes).toBe(DEFAULT_MAX_STATE_BYTES);
      expect((error as StateSerializeError).sizeBytes).toBeGreaterThan(DEFAULT_MAX_STATE_BYTES);
    }
  });

  it("counts UTF-8 bytes against a configured maxBytes, and 0 turns the limit off", () => {
    const text = state([["t", { result: ok("é".repeat(100)) }]]); // 200 bytes of payload, 100 chars
    expect(() => stringifyState(text, undefined, { maxBytes: 150 })).toThrow(StateSerializeError);
    expect(stringifyState(text, undefined, { maxBytes: 400 })).toContain("é");
    expect(() => stringifyEntry({ result: ok("x".repeat(300)) }, { maxBytes: 100 })).toThrow(
      /over the 100-byte limit/,
    );
    expect(stringifyEntry({ result: ok("x".repeat(300)) }, { maxBytes: 0 })).toContain("xxx");
    expect(() => stringifyState(text, undefined, { maxBytes: -1 })).toThrow(RangeError);
  });

  // 1.0.0 refused a BigInt here (JSON cannot encode it); the wire codec carries it, and refuses
  // what it cannot carry (a function) with the path of the refused part.
  it("turns a value the wire codec cannot carry into a typed unserializable error naming its path", () => {
    const refused = catchError(() =>
      stringifyState(state([["n", { result: ok({ f: () => 1 }) }]])),
    );
    expect(refused).toMatchObject({
      reason: "unserializable",
      path: 'entries["n"].result.value.f',
    });
    expect((refused as Error).message).toMatch(/a function has no wire form/);
    expect(
      parseState(stringifyState(state([["n", { result: ok(10n) }]]))).steps.get("n")?.result,
    ).toStrictEqual(ok(10n));
  });
});
