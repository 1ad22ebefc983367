import { describe, expect, it } from "vitest";
import { err, isErr, isOk, isUnexpectedError, ok } from "@awaitly/core";

describe("ok", () => {
  it("builds a plain object with exactly ok and value", () => {
    const r = ok(42);
    expect(r).toStrictEqual({ ok: true, value: 42 });
    expect(Object.keys(r)).toEqual(["ok", "value"]);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  });

  it("keeps undefined as a value", () => {
    expect(Object.keys(ok(undefined))).toEqual(["ok", "value"]);
  });
});

describe("err", () => {
  it("omits the cause key when the cause is undefined", () => {
    expect(Object.keys(err("X"))).toEqual(["ok", "error"]);
    expect(Object.keys(err("X", {}))).toEqual(["ok", "error"]);
    expect(Object.keys(err("X", { cause: undefined }))).toEqual(["ok", "error"]);
  });

  it("keeps a null or falsy cause", () => {
    expect(err("X", { cause: null })).toStrictEqual({ ok: false, error: "X", cause: null });
    expect(err("X", { cause: 0 })).toStrictEqual({ ok: false, error: "X", cause: 0 });
  });

  it("survives a JSON round trip", () => {
    const r = err({ type: "NOT_FOUND", id: 1 }, { cause: { reason: "gone" } });
    expect(JSON.parse(JSON.stringify(r))).toStrictEqual(r);
  });
});

describe("isOk / isErr", () => {
  it("read the ok flag", () => {
    expect(isOk(ok(1))).toBe(true);
    expect(isErr(ok(1))).toBe(false);
    expect(isOk(err("E"))).toBe(false);
    expect(isErr(err("E"))).toBe(true);
  });
});

describe("isUnexpectedError", () => {
  it("checks only the type discriminant", () => {
    expect(isUnexpectedError({ type: "UNEXPECTED_ERROR" })).toBe(true);
    expect(
      isUnexpectedError({
        type: "UNEXPECTED_ERROR",
        cause: { type: "UNCAUGHT_EXCEPTION", thrown: 1 },
      }),
    ).toBe(true);
    expect(isUnexpectedError({ type: "OTHER" })).toBe(false);
    expect(isUnexpectedError(null)).toBe(false);
    expect(isUnexpectedError("UNEXPECTED_ERROR")).toBe(false);
  });
});
