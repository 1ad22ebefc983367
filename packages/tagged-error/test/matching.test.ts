import { describe, expect, it, vi } from "vitest";
import { TaggedError, type TaggedErrorBase } from "@awaitly/tagged-error";

class NotFound extends TaggedError("NotFound")<{ id: string }> {}
class Forbidden extends TaggedError("Forbidden")<{ role: string }> {}
class Timeout extends TaggedError("Timeout")<{ ms: number }> {}
type AppError = NotFound | Forbidden | Timeout;

const errors: AppError[] = [
  new NotFound({ id: "1" }),
  new Forbidden({ role: "guest" }),
  new Timeout({ ms: 50 }),
];

describe("TaggedError.isError", () => {
  it("accepts any Error and rejects everything else", () => {
    expect(TaggedError.isError(new Error("x"))).toBe(true);
    expect(TaggedError.isError(new NotFound({ id: "1" }))).toBe(true);
    expect(TaggedError.isError({ message: "x" })).toBe(false);
  });
});

describe("TaggedError.isTaggedError", () => {
  it("accepts factory-made errors only", () => {
    expect(TaggedError.isTaggedError(new NotFound({ id: "1" }))).toBe(true);
    expect(TaggedError.isTaggedError(new Error("x"))).toBe(false);
    expect(TaggedError.isTaggedError({ _tag: "NotFound" })).toBe(false);
    expect(TaggedError.isTaggedError(null)).toBe(false);
  });
});

describe("TaggedError.match", () => {
  it("calls the handler for the tag with the narrowed error and this undefined", () => {
    const thisValues: unknown[] = [];
    const out = errors.map((e) =>
      TaggedError.match(e, {
        NotFound: function (this: unknown, n) {
          thisValues.push(this);
          return `missing ${n.id}`;
        },
        Forbidden: (f) => `role ${f.role}`,
        Timeout: (t) => t.ms,
      }),
    );
    expect(out).toEqual(["missing 1", "role guest", 50]);
    expect(thisValues).toEqual([undefined]);
  });

  it("matches structurally tagged objects that crossed a process boundary", () => {
    const wire = JSON.parse('{"_tag":"B","name":"B"}') as
      (TaggedErrorBase & { _tag: "A" }) | (TaggedErrorBase & { _tag: "B" });
    expect(TaggedError.match(wire, { A: () => 1, B: () => 2 })).toBe(2);
  });

  it("throws a TypeError naming the tag when no handler exists at runtime", () => {
    const foreign = { _tag: "Unknown", name: "Unknown", message: "" } as unknown as AppError;
    expect(() =>
      TaggedError.match(foreign, { NotFound: () => 1, Forbidden: () => 2, Timeout: () => 3 }),
    ).toThrow(
      new TypeError(
        'TaggedError.match: no handler for tag "Unknown"; add one or use TaggedError.matchPartial',
      ),
    );
  });
});

describe("TaggedError.matchPartial", () => {
  it("calls a present handler and otherwise the fallback", () => {
    const otherwise = vi.fn((e: Forbidden | Timeout) => `other ${e._tag}`);
    const out = errors.map((e) =>
      TaggedError.matchPartial(e, { NotFound: (n: NotFound) => `missing ${n.id}` }, otherwise),
    );
    expect(out).toEqual(["missing 1", "other Forbidden", "other Timeout"]);
    expect(otherwise).toHaveBeenCalledTimes(2);
  });

  it("falls through to the fallback when a handler is undefined", () => {
    const flag = false as boolean;
    const out = TaggedError.matchPartial(
      errors[0] as AppError,
      { NotFound: flag ? () => "handled" : undefined },
      (e) => `fallback ${e._tag}`,
    );
    expect(out).toBe("fallback NotFound");
  });
});
