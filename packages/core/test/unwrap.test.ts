import { describe, expect, it, vi } from "vitest";
import { err, ok, unwrap, UnwrapError, unwrapOr, unwrapOrElse } from "@awaitly/core";

describe("unwrap", () => {
  it("returns the value of an Ok", () => {
    expect(unwrap(ok(3))).toBe(3);
  });

  it("throws an UnwrapError carrying error and cause for an Err", () => {
    const cause = new Error("io");
    let thrown: unknown;
    try {
      unwrap(err("NOT_FOUND", { cause }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UnwrapError);
    expect(thrown).toBeInstanceOf(Error);
    const e = thrown as UnwrapError<string, Error>;
    expect(e.name).toBe("UnwrapError");
    expect(Object.prototype.hasOwnProperty.call(e, "name")).toBe(true);
    expect(e.message).toBe("Unwrap called on an error result: NOT_FOUND");
    expect(e.error).toBe("NOT_FOUND");
    expect(e.cause).toBe(cause);
    expect(Object.keys(e)).toEqual(expect.arrayContaining(["error", "cause"]));
  });

  it("renders object errors with String()", () => {
    expect(() => unwrap(err({ type: "X" }))).toThrow(
      "Unwrap called on an error result: [object Object]",
    );
  });

  it("keeps cause as an own key even when undefined", () => {
    const e = new UnwrapError("E");
    expect(Object.prototype.hasOwnProperty.call(e, "cause")).toBe(true);
    expect(e.cause).toBeUndefined();
  });

  it("does not throw while building the message for a null-prototype error (fixed)", () => {
    const bare = Object.create(null) as object;
    const e = new UnwrapError(bare);
    expect(e.message).toBe("Unwrap called on an error result: [object Object]");
    expect(e.error).toBe(bare);
  });
});

describe("unwrapOr", () => {
  it("returns the value or the default", () => {
    expect(unwrapOr(ok(1), 9)).toBe(1);
    expect(unwrapOr(err("E"), 9)).toBe(9);
  });
});

describe("unwrapOrElse", () => {
  it("computes the fallback lazily from error and cause", () => {
    const fn = vi.fn((e: string, c?: unknown) => `${e}:${String(c)}`);
    expect(unwrapOrElse(ok("v"), fn)).toBe("v");
    expect(fn).not.toHaveBeenCalled();
    expect(unwrapOrElse(err("E", { cause: "c" }), fn)).toBe("E:c");
    expect(fn).toHaveBeenCalledWith("E", "c");
  });

  it("lets an exception from the fallback propagate", () => {
    expect(() =>
      unwrapOrElse(err("E"), () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
  });
});
