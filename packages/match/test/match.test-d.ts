import { describe, expectTypeOf, it } from "vitest";
import {
  Match,
  matchValue,
  type Matcher,
  type MatchTag,
  type PipedMatcher,
  type Tagged,
  type TagOf,
} from "@awaitly/match";

type A = { _tag: "A"; a: number };
type B = { _tag: "B"; b: string };
type C = { _tag: "C" };
type Ev = A | B | C;
declare const ev: Ev;

describe("Match types", () => {
  it("narrows Remaining and accumulates Output through tag", () => {
    const m = Match.value(ev).pipe(
      Match.tag("A", (x) => {
        expectTypeOf(x).toEqualTypeOf<A>();
        return x.a;
      }),
    );
    expectTypeOf(m).toEqualTypeOf<PipedMatcher<Ev, B | C, number>>();
    expectTypeOf(matchValue(ev)).toEqualTypeOf<PipedMatcher<Ev, Ev, never>>();
  });

  it("types an exhaustive match as the union of handler results", () => {
    const out = Match.value(ev)
      .pipe(Match.tags({ A: (x) => x.a, B: (x) => x.b, C: () => null }))
      .pipe(Match.exhaustive);
    expectTypeOf(out).toEqualTypeOf<string | number | null>();
  });

  it("rejects exhaustive when a tag is left unhandled", () => {
    const partial = Match.value(ev).pipe(Match.tag("A", (x) => x.a));
    // @ts-expect-error B and C are not handled
    partial.pipe(Match.exhaustive);
    const viaTags = Match.value(ev).pipe(Match.tags({ A: (x) => x.a, B: (x) => x.b }));
    // @ts-expect-error C is not handled
    viaTags.pipe(Match.exhaustive);
  });

  it("rejects handling a tag twice", () => {
    const m = Match.value(ev).pipe(Match.tag("A", (x) => x.a));
    // @ts-expect-error "A" is not assignable to "B" | "C"
    m.pipe(Match.tag("A", (x) => x));
  });

  it("keeps a tag whose tags() handler may be undefined in Remaining", () => {
    const m = Match.value(ev).pipe(Match.tags({ A: undefined, B: (x) => x.b }));
    expectTypeOf(m).toEqualTypeOf<PipedMatcher<Ev, A | C, string>>();
    // @ts-expect-error A has no handler, so the match is not exhaustive
    m.pipe(Match.exhaustive);
    const flag = true as boolean;
    const maybe = Match.value(ev).pipe(
      Match.tags({ A: flag ? (x: A) => x.a : undefined, B: (x) => x.b, C: () => 0 }),
    );
    expectTypeOf(maybe).toEqualTypeOf<PipedMatcher<Ev, A, string | number>>();
  });

  it("types orElse's fallback with the unhandled variants", () => {
    const out = Match.value(ev)
      .pipe(Match.tag("A", (x) => x.a))
      .pipe(Match.orElse((x) => x));
    expectTypeOf(out).toEqualTypeOf<number | B | C>();
    const withValue = Match.value(ev)
      .pipe(Match.tags({ A: (x) => x.a, B: (x) => x.b }))
      .pipe(Match.orElseValue(false as const));
    expectTypeOf(withValue).toEqualTypeOf<string | number | false>();
  });
});

describe("Match.when types", () => {
  type User = { _tag: "User"; name: string; admin: boolean };
  type Guest = { _tag: "Guest" };
  const who = {} as User | Guest;

  it("compiles the documented order: tag, then when, then exhaustive", () => {
    const out = Match.value(who)
      .pipe(Match.tag("User", (u) => `user ${u.name}`))
      .pipe(
        Match.when(
          "User",
          (u) => {
            expectTypeOf(u).toEqualTypeOf<User>();
            return u.admin;
          },
          () => 1 as const,
        ),
      )
      .pipe(Match.tag("Guest", () => null))
      .pipe(Match.exhaustive);
    expectTypeOf(out).toEqualTypeOf<string | 1 | null>();
  });

  it("does not remove the tag from Remaining", () => {
    const m = Match.value(who).pipe(
      Match.when(
        "User",
        (u) => u.admin,
        (u) => u.name,
      ),
    );
    expectTypeOf(m).toEqualTypeOf<PipedMatcher<User | Guest, User | Guest, string>>();
    const onlyGuard = m.pipe(Match.tag("Guest", () => 0));
    // @ts-expect-error a guard alone does not handle "User"
    onlyGuard.pipe(Match.exhaustive);
  });

  it("rejects a tag that is not in the input", () => {
    Match.value(who).pipe(
      Match.when(
        // @ts-expect-error "Admin" is not a tag of User | Guest
        "Admin",
        () => true,
        () => 0,
      ),
    );
  });
});

describe("Match.is / isOneOf types", () => {
  it("narrows with a contextual type or explicit type arguments", () => {
    const evs: Ev[] = [];
    expectTypeOf(evs.filter(Match.is("A"))).toEqualTypeOf<A[]>();
    expectTypeOf(evs.filter(Match.isOneOf("A", "B"))).toEqualTypeOf<(A | B)[]>();
    if (Match.is<Ev, "B">("B")(ev)) expectTypeOf(ev).toEqualTypeOf<B>();
    if (Match.isOneOf<Ev, ("A" | "C")[]>("A", "C")(ev)) expectTypeOf(ev).toEqualTypeOf<A | C>();
    // @ts-expect-error "D" is not a tag of Ev
    Match.isOneOf<Ev, "D"[]>("D");
  });
});

describe("type utilities", () => {
  it("resolves Tagged, TagOf and MatchTag", () => {
    expectTypeOf<TagOf<Ev>>().toEqualTypeOf<"A" | "B" | "C">();
    expectTypeOf<MatchTag<Ev, "B">>().toEqualTypeOf<B>();
    expectTypeOf<A>().toMatchTypeOf<Tagged>();
    expectTypeOf<Matcher<Ev, never, number>["_tag"]>().toEqualTypeOf<"Matcher">();
  });
});
