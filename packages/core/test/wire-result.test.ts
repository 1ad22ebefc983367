import {
  decodeOutcome,
  RunCancelledError,
  RunFinishedError,
  runErrorClasses,
  SignalNotAwaitedError,
  encodeOutcome,
  isWireDecodeError,
  isWireEncodeError,
  decodeCause,
  decodeEntry,
  decodeMeta,
  decodeResult,
  encodeCause,
  encodeEntry,
  encodeMeta,
  encodeResult,
  err,
  ok,
  parseResult,
  parseValue,
  stringifyResult,
  type Result,
} from "@awaitly/core";
import { describe, expect, it } from "vitest";
import bullmq from "./fixtures/bullmq-awaitly-error.json";

const unwrap = <T>(result: Result<T, unknown>): T => {
  if (!result.ok) throw result.error as Error;
  return result.value;
};

describe("stringifyResult / parseResult", () => {
  it("writes a Result in the 1.0.0 shape, every part through the codec", () => {
    expect(unwrap(stringifyResult(ok({ id: 1 })))).toBe('{"ok":true,"value":{"id":1}}');
    expect(unwrap(stringifyResult(ok(undefined)))).toBe('{"ok":true}');
    expect(unwrap(stringifyResult(err("E", { cause: { code: 1 } })))).toBe(
      '{"ok":false,"error":"E","cause":{"type":"value","value":{"code":1}}}',
    );
    expect(unwrap(stringifyResult(ok(new Set([1]))))).toBe(
      '{"ok":true,"value":{"$awaitly":1,"set":[1]}}',
    );
  });

  it("round-trips Errors in value, error and cause alike", () => {
    const failure = Object.assign(new TypeError("bad", { cause: new Error("root") }), {
      code: "E1",
    });
    const outcome = err(failure, { cause: failure });
    const back = unwrap(parseResult(unwrap(stringifyResult(outcome))));
    expect(back.ok).toBe(false);
    if (back.ok) return;
    for (const restored of [back.error, back.cause] as Array<Error & { code?: string }>) {
      expect([restored.name, restored.message, restored.stack, restored.code]).toStrictEqual([
        "TypeError",
        "bad",
        failure.stack,
        "E1",
      ]);
      expect((restored.cause as Error).message).toBe("root");
    }
    const okBack = unwrap(parseResult(unwrap(stringifyResult(ok({ failure })))));
    expect((okBack as { value: { failure: Error } }).value.failure.name).toBe("TypeError");
  });

  it("refuses a bad part with its path under the caller's root", () => {
    const refused = stringifyResult(err({ retry: () => 1 }), { root: "outcome" });
    expect(refused).toMatchObject({
      ok: false,
      error: { reason: "function", path: "outcome.error.retry" },
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(encodeResult(err("E", { cause: cyclic }))).toMatchObject({
      ok: false,
      error: { reason: "cycle", path: "result.cause.self" },
    });
    const loop = new Error("loop");
    loop.cause = loop;
    expect(encodeCause(loop)).toMatchObject({
      ok: false,
      error: { reason: "cycle", path: "cause.cause" },
    });
  });

  it("returns an Err, not a throw, for text that is not a Result", () => {
    expect(parseResult("[1]")).toMatchObject({ ok: false, error: { reason: "invalid-shape" } });
    expect(parseResult("{")).toMatchObject({ ok: false, error: { reason: "malformed-json" } });
  });
});

describe("the cause slot", () => {
  it("writes a plain Error exactly as 1.0.0 did, and its cause and fields only when it has them", () => {
    const plain = new RangeError("far");
    expect(unwrap(encodeCause(plain))).toStrictEqual({
      type: "error",
      errorName: "RangeError",
      errorMessage: "far",
      errorStack: plain.stack,
    });
    const rich = Object.assign(new Error("x", { cause: 5n }), { code: 42 });
    expect(unwrap(encodeCause(rich))).toMatchObject({
      errorCause: { $awaitly: 1, bigint: "5" },
      errorFields: { code: 42 },
    });
    const back = unwrap(decodeCause(unwrap(encodeCause(rich)))) as Error & { code: number };
    expect([back.cause, back.code]).toStrictEqual([5n, 42]);
  });

  it("reads the 1.0.0 forms: defaults for a bare error, a value for any other type", () => {
    const bare = unwrap(decodeCause({ type: "error" })) as Error;
    expect([bare.name, bare.message]).toStrictEqual(["Error", "Unknown error"]);
    expect(unwrap(decodeCause({ type: "other", value: 4 }))).toBe(4);
    expect(unwrap(decodeCause({ type: "undefined" }))).toBeUndefined();
  });
});

describe("encodeEntry / decodeEntry / encodeMeta / decodeMeta", () => {
  it("round-trips an entry with failure metadata", () => {
    const thrown = new Error("io");
    const entry = {
      result: err("UNEXPECTED", { cause: thrown }),
      meta: { origin: "throw" as const, thrown },
    };
    const wire = unwrap(encodeEntry(entry, { root: 'steps["io"]' }));
    const back = unwrap(decodeEntry(JSON.parse(JSON.stringify(wire))));
    expect((back.meta as { thrown: Error }).thrown.message).toBe("io");
    expect(unwrap(decodeEntry({ result: { ok: true, value: 1 } }))).toStrictEqual({
      result: ok(1),
      meta: undefined,
    });
    expect(encodeEntry({ result: ok(() => 1) }, { root: 'steps["io"]' })).toMatchObject({
      ok: false,
      error: { path: 'steps["io"].result.value' },
    });
  });

  it("encodes meta with its cause keys as 1.0.0 did", () => {
    expect(unwrap(encodeMeta({ origin: "result" }))).toStrictEqual({
      origin: "result",
      resultCause: undefined,
    });
    expect(unwrap(encodeMeta({ origin: "throw", thrown: undefined }))).toStrictEqual({
      origin: "throw",
      thrown: { type: "undefined" },
    });
    expect(unwrap(decodeMeta({ origin: "x" }))).toStrictEqual({
      origin: "throw",
      thrown: undefined,
    });
  });
});

describe("data @awaitly/bullmq 1.0 wrote", () => {
  it("reads $awaitlyError Errors (fields, stack and nested causes) in results and values", () => {
    const failed = unwrap(parseResult(bullmq.result));
    if (failed.ok) throw new Error("expected an Err");
    const error = failed.error as Error & { id: number; type: string };
    expect([error.name, error.message, error.stack, error.id, error.type]).toStrictEqual([
      "NotFound",
      "no order 7",
      "NotFound: no order 7\n    at b",
      7,
      "NOT_FOUND",
    ]);
    const thrown = (failed.cause as { thrown: Error }).thrown;
    expect([thrown.message, (thrown.cause as Error).name]).toStrictEqual(["outer", "RangeError"]);

    const okResult = unwrap(parseResult(bullmq.okResult));
    expect(((okResult as { value: { list: Error[] } }).value.list[0] as Error).name).toBe(
      "NotFound",
    );

    const signal = unwrap(parseValue(bullmq.signal)) as { approved: boolean; why: Error };
    expect(signal.approved).toBe(true);
    expect((signal.why.cause as Error).stack).toBe("RangeError: inner\n    at a");
  });

  it("reads decodeResult input that is already parsed", () => {
    expect(
      unwrap(decodeResult({ ok: false, error: "E", cause: { type: "value", value: null } })),
    ).toStrictEqual(err("E", { cause: null }));
  });
});

describe("encodeOutcome / decodeOutcome", () => {
  it("reads back an outcome exactly as stored, values and errors rebuilt", () => {
    const at = new Date(0);
    const text = JSON.stringify(encodeOutcome(ok({ at, ids: new Set([1n]) })));
    expect(decodeOutcome(text)).toStrictEqual(ok({ at, ids: new Set([1n]) }));
    const failed = JSON.stringify(encodeOutcome(err({ type: "DECLINED" }, { cause: "card" })));
    expect(decodeOutcome(failed)).toStrictEqual(err({ type: "DECLINED" }, { cause: "card" }));
  });

  it("stores an outcome it cannot carry as an UnexpectedError naming the path", () => {
    const text = JSON.stringify(encodeOutcome(ok({ send: () => 1 })));
    const read = decodeOutcome(text);
    expect(read).toMatchObject({ ok: false, error: { type: "UNEXPECTED_ERROR" } });
    const thrown = (read as { error: { cause: { thrown: unknown } } }).error.cause.thrown;
    expect(isWireEncodeError(thrown) && thrown.path).toBe("outcome.value.send");
  });

  it("reads text it cannot decode as an UnexpectedError saying why", () => {
    const read = decodeOutcome("{not json");
    const thrown = (read as { error: { cause: { thrown: unknown } } }).error.cause.thrown;
    expect(read.ok).toBe(false);
    expect(isWireDecodeError(thrown)).toBe(true);
  });

  it("gives a run error its class back, and nothing else a class it was not sent as", () => {
    const cancelled = decodeOutcome(
      JSON.stringify(encodeOutcome(err(new RunCancelledError("r1")))),
    );
    const error = (cancelled as { error: unknown }).error;
    expect(error).toBeInstanceOf(RunCancelledError);
    expect(error).toMatchObject({ type: "RUN_CANCELLED", runId: "r1", name: "RunCancelledError" });
    expect((error as Error).message).toBe('Run "r1" was cancelled');
    for (const Class of [RunFinishedError, SignalNotAwaitedError]) {
      expect(runErrorClasses().some(([, , prototype]) => prototype === Class.prototype)).toBe(true);
    }

    // Same name, another type (a user's own error): it stays a plain Error.
    const lookalike = Object.assign(new Error("mine"), { type: "MINE" });
    Object.defineProperty(lookalike, "name", { value: "RunCancelledError" });
    const read = decodeOutcome(JSON.stringify(encodeOutcome(err(lookalike))));
    expect((read as { error: unknown }).error).not.toBeInstanceOf(RunCancelledError);
    expect(Object.getPrototypeOf((read as { error: unknown }).error)).toBe(Error.prototype);
  });

  it("gives an engine's own error classes back when it names them", () => {
    class LateError extends Error {
      readonly type = "LATE" as const;
      override readonly name = "LateError";
    }
    const text = JSON.stringify(encodeOutcome(err(new LateError("late"))));
    expect((decodeOutcome(text) as { error: unknown }).error).not.toBeInstanceOf(LateError);
    const classes = [...runErrorClasses(), ["LATE", "LateError", LateError.prototype] as const];
    expect((decodeOutcome(text, classes) as { error: unknown }).error).toBeInstanceOf(LateError);
  });
});
