import { assertWellFormedText } from "@awaitly/persistence";
import { describe, expect, it } from "vitest";

describe("assertWellFormedText", () => {
  it("passes well-formed text through, astral characters included", () => {
    expect(assertWellFormedText("S.set", "key", "order-😀")).toBe("order-😀");
    expect(assertWellFormedText("S.set", "key", "")).toBe("");
  });

  it("refuses a lone surrogate anywhere, naming where, what and the index", () => {
    const cut = "order-😀".slice(0, 7);
    expect(() => assertWellFormedText("S.set", "key", cut)).toThrow(TypeError);
    expect(() => assertWellFormedText("S.set", "key", cut)).toThrow(
      /S\.set: key "order-\\ud83d" holds a lone UTF-16 surrogate \(\\uD83D at index 6\)/,
    );
    expect(() => assertWellFormedText("S.set", "value", "\uDE00x")).toThrow(/index 0/);
  });

  it("refuses a non-string", () => {
    expect(() => assertWellFormedText("S.get", "key", 42)).toThrow(
      /key must be a string, got number/,
    );
  });
});
