import { describe, expect, it, vi } from "vitest";
import {
  exhaustive,
  is,
  isOneOf,
  isTag,
  Match,
  matchOrElse,
  matchTag,
  matchTags,
  matchValue,
  orElse,
  orElseValue,
  tag,
  tags,
  when,
} from "@awaitly/match";

type Ev = { _tag: "A"; a: number } | { _tag: "B"; b: string } | { _tag: "C" };
const A = { _tag: "A", a: 1 } as Ev;
const B = { _tag: "B", b: "x" } as Ev;
const C = { _tag: "C" } as Ev;

describe("Match", () => {
  it("has exactly the documented keys, each the module-level function", () => {
    expect(Object.keys(Match)).toEqual([
      "value",
      "tag",
      "tags",
      "when",
      "exhaustive",
      "orElse",
      "orElseValue",
      "is",
      "isOneOf",
    ]);
    expect(Match.value).toBe(matchValue);
    expect(Match.tag).toBe(matchTag);
    expect(Match.tag).toBe(tag);
    expect(Match.tags).toBe(matchTags);
    expect(Match.tags).toBe(tags);
    expect(Match.when).toBe(when);
    expect(Match.exhaustive).toBe(exhaustive);
    expect(Match.orElse).toBe(matchOrElse);
    expect(Match.orElse).toBe(orElse);
    expect(Match.orElseValue).toBe(orElseValue);
    expect(Match.is).toBe(isTag);
    expect(Match.is).toBe(is);
    expect(Match.isOneOf).toBe(isOneOf);
  });
});

describe("matchValue", () => {
  it("returns a plain matcher object with pipe", () => {
    const m = Match.value(A);
    expect(Object.keys(m)).toEqual(["_tag", "value", "handlers", "_remaining", "_output", "pipe"]);
    expect(m._tag).toBe("Matcher");
    expect(m.value).toBe(A);
    expect(m._remaining).toBe(A);
    expect(m._output).toBeUndefined();
    expect(m.handlers.size).toBe(0);
  });

  it("hands pipe steps the matcher without its pipe", () => {
    const seen = vi.fn((self: object) => self);
    Match.value(A).pipe(seen);
    expect(Object.keys(seen.mock.calls[0]?.[0] ?? {})).not.toContain("pipe");
  });

  it("keeps matchers immutable so one intermediate can branch twice", () => {
    const base = Match.value(B).pipe(Match.tag("A", (x) => x.a));
    const left = base.pipe(Match.tags({ B: () => "left", C: () => "c" })).pipe(Match.exhaustive);
    const right = base.pipe(Match.tags({ B: () => "right", C: () => "c" })).pipe(Match.exhaustive);
    expect([left, right]).toEqual(["left", "right"]);
    expect(base.handlers.size).toBe(1);
    expect(base._remaining).toBeUndefined();
  });

  it("returns a handler result shaped like a matcher unchanged", () => {
    const fake = { _tag: "Matcher", note: "user data" };
    const out = Match.value(A)
      .pipe(Match.tags({ A: () => fake, B: () => 0, C: () => 0 }))
      .pipe(Match.exhaustive);
    expect(out).toBe(fake);
    expect(Match.value(C).pipe(Match.orElseValue(fake))).toBe(fake);
  });
});

describe("tag / tags / exhaustive", () => {
  const label = (ev: Ev) =>
    Match.value(ev)
      .pipe(Match.tag("A", (x) => `a${x.a}`))
      .pipe(Match.tags({ B: (x) => `b${x.b}`, C: () => "c" }))
      .pipe(Match.exhaustive);

  it("calls the handler registered for the value's tag", () => {
    expect([A, B, C].map(label)).toEqual(["a1", "bx", "c"]);
  });

  it("throws when the value's tag has no handler at runtime", () => {
    const foreign = { _tag: "Z" } as unknown as Ev;
    expect(() => label(foreign)).toThrow(new Error("No handler for tag: Z"));
  });
});

describe("tags", () => {
  it("registers no handler for an undefined entry, so its tag reaches orElse", () => {
    const flag = false as boolean;
    const run = (ev: Ev) =>
      Match.value(ev)
        .pipe(Match.tags({ A: flag ? (x: { a: number }) => x.a : undefined, B: () => "b" }))
        .pipe(Match.orElse((x) => `fallback ${x._tag}`));
    expect([A, B, C].map(run)).toEqual(["fallback A", "b", "fallback C"]);
  });
});

describe("orElse / orElseValue", () => {
  it("sends unhandled tags to the fallback", () => {
    const fallback = vi.fn((x: Ev) => x._tag);
    const run = (ev: Ev) =>
      Match.value(ev)
        .pipe(Match.tag("A", (x) => x.a))
        .pipe(Match.orElse(fallback));
    expect([A, B, C].map(run)).toEqual([1, "B", "C"]);
    expect(fallback).toHaveBeenCalledTimes(2);
  });

  it("returns the default value itself without calling it", () => {
    const fn = () => "never called";
    expect(Match.value(C).pipe(Match.orElseValue(fn))).toBe(fn);
  });
});

describe("when", () => {
  type User = { _tag: "User"; name: string; admin: boolean } | { _tag: "Guest" };
  const ada = { _tag: "User", name: "ada", admin: true } as User;
  const bob = { _tag: "User", name: "bob", admin: false } as User;
  const guest = { _tag: "Guest" } as User;

  it("runs the guard before a tag handler added earlier (the documented order)", () => {
    const describeUser = (u: User) =>
      Match.value(u)
        .pipe(Match.tag("User", (x) => `user ${x.name}`))
        .pipe(
          Match.when(
            "User",
            (x) => x.admin,
            (x) => `admin ${x.name}`,
          ),
        )
        .pipe(Match.tag("Guest", () => "guest"))
        .pipe(Match.exhaustive);
    expect([ada, bob, guest].map(describeUser)).toEqual(["admin ada", "user bob", "guest"]);
  });

  it("keeps the guard when the tag handler is added after it", () => {
    const describeUser = (u: User) =>
      Match.value(u)
        .pipe(
          Match.when(
            "User",
            (x) => x.admin,
            (x) => `admin ${x.name}`,
          ),
        )
        .pipe(Match.tags({ User: (x) => `user ${x.name}`, Guest: () => "guest" }))
        .pipe(Match.exhaustive);
    expect([ada, bob, guest].map(describeUser)).toEqual(["admin ada", "user bob", "guest"]);
  });

  it("tries later guards first, then earlier ones, then the handler", () => {
    const describeUser = (u: User) =>
      Match.value(u)
        .pipe(
          Match.when(
            "User",
            (x) => x.name.startsWith("b"),
            () => "b-user",
          ),
        )
        .pipe(
          Match.when(
            "User",
            (x) => x.admin,
            () => "admin",
          ),
        )
        .pipe(Match.tag("User", () => "user"))
        .pipe(Match.orElseValue("guest"));
    const both = { _tag: "User", name: "bea", admin: true } as User;
    const neither = { _tag: "User", name: "cy", admin: false } as User;
    expect([ada, bob, both, neither, guest].map(describeUser)).toEqual([
      "admin",
      "b-user",
      "admin",
      "user",
      "guest",
    ]);
  });

  it("falls back to orElse when the guard declines and the tag has no handler", () => {
    const fallback = vi.fn(() => "fallback");
    const describeUser = (u: User) =>
      Match.value(u)
        .pipe(
          Match.when(
            "User",
            (x) => x.admin,
            (x) => `admin ${x.name}`,
          ),
        )
        .pipe(Match.orElse(fallback));
    expect([ada, bob, guest].map(describeUser)).toEqual(["admin ada", "fallback", "fallback"]);
    expect(fallback).toHaveBeenCalledTimes(2);
  });

  it("registers a handler that throws when called directly and every guard declines", () => {
    const m = Match.value(bob).pipe(
      Match.when(
        "User",
        (x) => x.admin,
        () => "admin",
      ),
    );
    const handler = m.handlers.get("User");
    expect(handler?.(ada)).toBe("admin");
    expect(() => handler?.(bob)).toThrow(new Error("No handler matched for tag: User"));
    expect(m._remaining).toBe(bob);
  });
});

describe("is / isOneOf", () => {
  it("checks the tag", () => {
    expect([A, B, C].filter(Match.is("B"))).toEqual([B]);
    expect([A, B, C].filter(Match.isOneOf("A", "C"))).toEqual([A, C]);
    expect(Match.is("A")(B)).toBe(false);
  });
});
