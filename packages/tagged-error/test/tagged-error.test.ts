import { describe, expect, it, vi } from "vitest";
import { TaggedError } from "@awaitly/tagged-error";

class NotFound extends TaggedError("NotFound")<{ id: string }> {}
class Empty extends TaggedError("Empty") {}
class WithCause extends TaggedError("WithCause")<{ id: string; cause?: unknown }> {}
class Insufficient extends TaggedError("Insufficient", {
  message: (p: { need: number; have: number }) => `need ${p.need}, have ${p.have}`,
}) {}

describe("TaggedError", () => {
  it("sets _tag, name and props as own enumerable fields and uses the tag as message", () => {
    const e = new NotFound({ id: "1" });
    expect(e._tag).toBe("NotFound");
    expect(e.name).toBe("NotFound");
    expect(e.message).toBe("NotFound");
    expect(e.id).toBe("1");
    expect(Object.keys(e)).toEqual(["_tag", "name", "id"]);
    expect(Object.getOwnPropertyNames(e)).toEqual(["stack", "message", "_tag", "name", "id"]);
    expect(Object.getOwnPropertyDescriptor(e, "_tag")).toMatchObject({
      enumerable: true,
      writable: true,
    });
    expect(Object.getOwnPropertyDescriptor(e, "message")?.enumerable).toBe(false);
    expect("cause" in e).toBe(false);
  });

  it("is instanceof the subclass, Error and TaggedError, and prints like an Error", () => {
    const e = new NotFound({ id: "1" });
    expect(e).toBeInstanceOf(NotFound);
    expect(e).toBeInstanceOf(Error);
    expect(e instanceof TaggedError).toBe(true);
    expect(Object.prototype.toString.call(e)).toBe("[object Error]");
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- pins Error's own toString
    expect(String(e)).toBe("NotFound: NotFound");
    expect(typeof e.stack).toBe("string");
  });

  it("returns a new anonymous class on every call, so instanceof fails across calls", () => {
    const A = TaggedError("Same");
    const B = TaggedError("Same");
    expect(A).not.toBe(B);
    expect(A.name).toBe("");
    const a = new A();
    expect(a).toBeInstanceOf(A);
    expect(a).not.toBeInstanceOf(B);
    expect(a._tag).toBe(new B()._tag);
  });

  it("rejects plain _tag objects and ordinary errors from instanceof TaggedError", () => {
    expect({ _tag: "NotFound", name: "NotFound", message: "x" } instanceof TaggedError).toBe(false);
    expect(new Error("x") instanceof TaggedError).toBe(false);
    const d = Object.getOwnPropertyDescriptor(TaggedError, Symbol.hasInstance);
    expect(d).toMatchObject({ writable: false, enumerable: false, configurable: false });
  });

  it("computes the message from the callback with the raw props", () => {
    const e = new Insufficient({ need: 5, have: 2 });
    expect(e.message).toBe("need 5, have 2");
    expect(e.need).toBe(5);
    const seen = vi.fn((p: Record<string, unknown>) => `keys ${Object.keys(p).join(",")}`);
    class Seen extends TaggedError("Seen", { message: seen }) {}
    expect(new Seen({ message: "m", a: 1 }).message).toBe("keys message,a");
    expect(new Seen().message).toBe("keys ");
    expect(seen).toHaveBeenLastCalledWith({});
  });

  it("throws from the constructor when the message callback throws", () => {
    class Bad extends TaggedError("Bad", {
      message: (): string => {
        throw new Error("boom");
      },
    }) {}
    expect(() => new Bad()).toThrow("boom");
  });

  it("drops reserved props so _tag, name, message and stack cannot be forged", () => {
    const Loose = TaggedError("Loose") as unknown as new (p: Record<string, unknown>) => Error & {
      _tag: string;
    };
    const e = new Loose({ _tag: "Other", name: "Other", message: "custom", stack: "s", ok: 1 });
    expect(e._tag).toBe("Loose");
    expect(e.name).toBe("Loose");
    expect(e.message).toBe("Loose");
    expect(e.stack).not.toBe("s");
    expect(Object.keys(e)).toEqual(["_tag", "name", "ok"]);
  });

  it("keeps cause from props as an own enumerable field, even when undefined", () => {
    const root = new Error("root");
    const e = new WithCause({ id: "1", cause: root });
    expect(e.cause).toBe(root);
    expect(Object.keys(e)).toEqual(["_tag", "name", "id", "cause"]);
    const u = new WithCause({ id: "1", cause: undefined });
    expect("cause" in u).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(u, "cause")).toBe(true);
  });

  it("takes cause from options, treating undefined as not provided", () => {
    const root = new Error("root");
    expect(new NotFound({ id: "1" }, { cause: root }).cause).toBe(root);
    expect(new Empty(undefined, { cause: "why" }).cause).toBe("why");
    expect("cause" in new NotFound({ id: "1" }, { cause: undefined })).toBe(false);
    expect(Object.getOwnPropertyDescriptor(new Empty(undefined, { cause: 1 }), "cause")).toEqual({
      value: 1,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });

  it("throws a TypeError when cause is given in both props and options", () => {
    expect(() => new WithCause({ id: "1", cause: undefined }, { cause: "x" })).toThrow(
      new TypeError(
        "TaggedError: cannot provide 'cause' in props when also setting ErrorOptions.cause",
      ),
    );
  });

  it("ignores primitive props but still passes them to the message callback", () => {
    const Loose = TaggedError("Prim", {
      message: (p: Record<string, unknown>) => `got ${JSON.stringify(p)}`,
    });
    const e = new (Loose as unknown as new (p: unknown, o?: { cause?: unknown }) => Error)(7, {
      cause: "c",
    });
    expect(e.message).toBe("got 7");
    expect(Object.keys(e)).toEqual(["_tag", "name", "cause"]);
  });

  it("copies symbol keys and invokes getters on the props object", () => {
    const sym = Symbol("s");
    const Loose = TaggedError("Sym") as unknown as new (p: object) => Record<PropertyKey, unknown>;
    const props = {
      [sym]: 1,
      get computed() {
        return 2;
      },
    };
    const e = new Loose(props);
    expect(e[sym]).toBe(1);
    expect(Object.getOwnPropertyDescriptor(e, "computed")?.value).toBe(2);
  });

  it("keeps subclass prototypes, methods and getters", () => {
    class Timeout extends TaggedError("Timeout")<{ ms: number }> {
      get seconds() {
        return this.ms / 1000;
      }
      describe() {
        return `${this._tag} after ${this.seconds}s`;
      }
    }
    const e = new Timeout({ ms: 1500 });
    expect(e.describe()).toBe("Timeout after 1.5s");
    expect(Object.getPrototypeOf(e)).toBe(Timeout.prototype);
  });

  it("serializes to _tag, name, props and cause with JSON.stringify", () => {
    expect(JSON.stringify(new NotFound({ id: "1" }))).toBe(
      '{"_tag":"NotFound","name":"NotFound","id":"1"}',
    );
    expect(JSON.stringify(new NotFound({ id: "1" }, { cause: { code: 7 } }))).toBe(
      '{"_tag":"NotFound","name":"NotFound","id":"1","cause":{"code":7}}',
    );
    expect(JSON.stringify(new Empty(undefined, { cause: new Error("x") }))).toBe(
      '{"_tag":"Empty","name":"Empty","cause":{}}',
    );
    const back = JSON.parse(JSON.stringify(new NotFound({ id: "1" }))) as unknown;
    expect(TaggedError.isTaggedError(back)).toBe(false);
  });

  it("has exactly the documented own properties", () => {
    expect(Object.getOwnPropertyNames(TaggedError)).toEqual([
      "length",
      "name",
      "prototype",
      "isError",
      "isTaggedError",
      "match",
      "matchPartial",
    ]);
    expect(TaggedError.name).toBe("TaggedError");
    expect(Object.getOwnPropertySymbols(TaggedError)).toEqual([Symbol.hasInstance]);
  });
});
