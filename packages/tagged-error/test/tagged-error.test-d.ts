import { describe, expectTypeOf, it } from "vitest";
import {
  TaggedError,
  type ErrorByTag,
  type PropsOf,
  type TaggedErrorBase,
  type TaggedErrorClassFactory,
  type TaggedErrorConstructor,
  type TagOf,
} from "@awaitly/tagged-error";

class NotFound extends TaggedError("NotFound")<{ id: string }> {}
class Forbidden extends TaggedError("Forbidden")<{ role: "guest" | "user" }> {}
class Empty extends TaggedError("Empty") {}
class Optional extends TaggedError("Optional")<{ hint?: string }> {}
class WithCause extends TaggedError("WithCause")<{ id: string; cause?: unknown }> {}
class Insufficient extends TaggedError("Insufficient", {
  message: (p: { need: number; have: number }) => `need ${p.need}, have ${p.have}`,
}) {}
type AppError = NotFound | Forbidden | Empty;

describe("TaggedError types", () => {
  it("returns the generic class factory or a constructor with inferred props", () => {
    expectTypeOf(TaggedError("X")).toEqualTypeOf<TaggedErrorClassFactory<"X">>();
    expectTypeOf(TaggedError("V", { message: (p: { n: number }) => String(p.n) })).toEqualTypeOf<
      TaggedErrorConstructor<"V", { n: number }>
    >();
  });

  it("types instances with a literal _tag and readonly props", () => {
    const e = new NotFound({ id: "1" });
    expectTypeOf(e._tag).toEqualTypeOf<"NotFound">();
    expectTypeOf(e.id).toEqualTypeOf<string>();
    expectTypeOf(e).toMatchTypeOf<TaggedErrorBase>();
    expectTypeOf(e).toMatchTypeOf<Error>();
    expectTypeOf(new Insufficient({ need: 1, have: 0 }).need).toEqualTypeOf<number>();
    // @ts-expect-error props are readonly
    e.id = "2";
  });

  it("requires props exactly when some prop is required", () => {
    new NotFound({ id: "1" });
    new NotFound({ id: "1" }, { cause: new Error("x") });
    new Empty();
    new Empty(undefined, { cause: "why" });
    new Optional();
    new Optional({ hint: "h" });
    new Insufficient({ need: 1, have: 0 });
    // @ts-expect-error the id prop is required
    new NotFound();
    // @ts-expect-error a required prop is missing
    new NotFound({});
    // @ts-expect-error an extra prop is not part of the props type
    new NotFound({ id: "1", extra: true });
    // @ts-expect-error a prop of the wrong type
    new NotFound({ id: 1 });
    // @ts-expect-error the message-callback form requires its props
    new Insufficient();
    // @ts-expect-error a missing prop in the message-callback form
    new Insufficient({ need: 1 });
    // @ts-expect-error an extra prop in the message-callback form
    new Insufficient({ need: 1, have: 0, extra: 1 });
  });

  it("rejects interface props (no implicit index signature)", () => {
    interface Shape {
      id: string;
    }
    // @ts-expect-error interfaces are not assignable to Record<string, unknown>
    class Bad extends TaggedError("Bad")<Shape> {}
    expectTypeOf<Bad>().not.toBeAny();
  });

  it("resolves TagOf and ErrorByTag", () => {
    expectTypeOf<TagOf<NotFound>>().toEqualTypeOf<"NotFound">();
    expectTypeOf<TagOf<AppError>>().toEqualTypeOf<"NotFound" | "Forbidden" | "Empty">();
    expectTypeOf<ErrorByTag<AppError, "Forbidden">>().toEqualTypeOf<Forbidden>();
    // @ts-expect-error "Nope" is not a tag of the union
    expectTypeOf<ErrorByTag<AppError, "Nope">>().toBeNever();
  });

  it("resolves PropsOf to the readonly props (plus Error's cause under lib es2022)", () => {
    expectTypeOf<PropsOf<NotFound>>().toEqualTypeOf<{ cause?: unknown; readonly id: string }>();
    // Error's own mutable `cause?` merges with the readonly prop.
    expectTypeOf<PropsOf<WithCause>>().toEqualTypeOf<{ readonly id: string; cause?: unknown }>();
    expectTypeOf<PropsOf<Empty>>().toEqualTypeOf<{
      readonly [x: string]: never;
      readonly [x: number]: never;
    }>();
    expectTypeOf<PropsOf<Forbidden>>().toEqualTypeOf<{
      cause?: unknown;
      readonly role: "guest" | "user";
    }>();
    expectTypeOf<PropsOf<NotFound>>().not.toHaveProperty("_tag");
    expectTypeOf<PropsOf<NotFound>>().not.toHaveProperty("message");
  });

  it("narrows unions on _tag", () => {
    const e = {} as AppError;
    if (e._tag === "Forbidden") expectTypeOf(e).toEqualTypeOf<Forbidden>();
  });
});

describe("TaggedError.match types", () => {
  const e = {} as AppError;

  it("narrows each handler and unions the return types", () => {
    const out = TaggedError.match(e, {
      NotFound: (n) => {
        expectTypeOf(n).toEqualTypeOf<NotFound>();
        return n.id;
      },
      Forbidden: (f) => f.role === "guest",
      Empty: () => null,
    });
    expectTypeOf(out).toEqualTypeOf<string | boolean | null>();
  });

  it("rejects a missing handler", () => {
    // @ts-expect-error the Empty handler is missing
    TaggedError.match(e, { NotFound: () => 1, Forbidden: () => 2 });
  });

  it("types matchPartial's fallback with the unhandled variants", () => {
    const out = TaggedError.matchPartial(e, { NotFound: (n) => n.id }, (rest) => {
      expectTypeOf(rest).toEqualTypeOf<Forbidden | Empty>();
      return 0;
    });
    expectTypeOf(out).toEqualTypeOf<string | number>();
    const flag = true as boolean;
    TaggedError.matchPartial(e, { NotFound: flag ? () => 1 : undefined }, (rest) => {
      expectTypeOf(rest).toEqualTypeOf<AppError>();
      return 0;
    });
  });

  it("narrows with the guards", () => {
    const u: unknown = e;
    if (TaggedError.isTaggedError(u)) expectTypeOf(u).toEqualTypeOf<TaggedErrorBase>();
    if (TaggedError.isError(u)) expectTypeOf(u).toEqualTypeOf<Error>();
  });
});
