import { errorMessageOf, errorTypeOf } from "@awaitly/core";
import { describe, expect, it } from "vitest";

describe("errorTypeOf / errorMessageOf", () => {
  it("name a failure as a step timeline shows it", () => {
    expect(errorTypeOf({ type: "DECLINED" })).toBe("DECLINED");
    expect(errorTypeOf(new TypeError("x"))).toBe("TypeError");
    expect(errorTypeOf("DOWN")).toBeUndefined();
    const thrown = {
      type: "UNEXPECTED_ERROR",
      cause: { type: "UNCAUGHT_EXCEPTION", thrown: new RangeError("far") },
    };
    expect(errorTypeOf(thrown)).toBe("RangeError");
    expect(errorMessageOf(thrown)).toBe("far");
    expect(errorMessageOf(new Error("y".repeat(600)))).toHaveLength(500);
    expect(errorMessageOf({ type: "DECLINED" })).toBeUndefined();
  });
});
