import { describe, expect, it } from "vitest";
import { hydrate, isSerializedResult } from "@awaitly/core";

describe("hydrate", () => {
  it("returns the same object for Result-shaped values", () => {
    const okish = { ok: true, value: 1, extra: "kept" };
    expect(hydrate(okish)).toBe(okish);
    const errish = JSON.parse('{"ok":false,"error":"E","cause":{"x":1}}') as unknown;
    expect(hydrate(errish)).toBe(errish);
    const undefinedError = { ok: false, error: undefined };
    expect(hydrate(undefinedError)).toBe(undefinedError);
  });

  it("counts inherited properties", () => {
    const proto = { ok: true, value: 1 };
    const child = Object.create(proto) as object;
    expect(hydrate(child)).toBe(child);
  });

  it("returns null for anything else", () => {
    for (const v of [
      null,
      undefined,
      1,
      "ok",
      { ok: true },
      { ok: false },
      { ok: "true", value: 1 },
      { value: 1 },
    ]) {
      expect(hydrate(v)).toBeNull();
      expect(isSerializedResult(v)).toBe(false);
    }
    expect(isSerializedResult({ ok: true, value: null })).toBe(true);
  });
});
