import { describe, expect, it, vi } from "vitest";
import {
  andThen,
  bimap,
  err,
  map,
  mapError,
  mapErrorTry,
  mapTry,
  match,
  ok,
  orElse,
  orElseAsync,
  recover,
  recoverAsync,
  tap,
  tapError,
  type Result,
} from "@awaitly/core";

const okR = ok(2) as Result<number, string, string>;
const errR = err("E", { cause: "c" }) as Result<number, string, string>;

describe("map", () => {
  it("returns a new Ok, or the same Err object", () => {
    expect(map(okR, (n) => n * 2)).toStrictEqual({ ok: true, value: 4 });
    expect(map(errR, (n) => n * 2)).toBe(errR);
  });
});

describe("mapError", () => {
  it("returns the same Ok, or a new Err keeping the cause", () => {
    expect(mapError(okR, (e) => e.length)).toBe(okR);
    expect(mapError(errR, (e) => `${e}!`)).toStrictEqual({ ok: false, error: "E!", cause: "c" });
    expect(Object.keys(mapError(err("E"), (e) => e))).toEqual(["ok", "error"]);
  });
});

describe("match", () => {
  it("calls the handler of the branch with value or error and cause", () => {
    const handlers = {
      ok: (v: number) => `ok ${v}`,
      err: (e: string, c?: string) => `err ${e} ${c}`,
    };
    expect(match(okR, handlers)).toBe("ok 2");
    expect(match(errR, handlers)).toBe("err E c");
  });
});

describe("andThen", () => {
  it("returns what fn returns on Ok, the same Err otherwise", () => {
    const next = err("F");
    expect(andThen(okR, () => next)).toBe(next);
    expect(andThen(okR, (n) => ok(n + 1))).toStrictEqual({ ok: true, value: 3 });
    const fn = vi.fn();
    expect(andThen(errR, fn)).toBe(errR);
    expect(fn).not.toHaveBeenCalled();
  });
});

describe("tap / tapError", () => {
  it("run side effects on their branch and return the same object", () => {
    const seen: unknown[] = [];
    expect(tap(okR, (v) => seen.push(v))).toBe(okR);
    expect(tap(errR, (v) => seen.push(v))).toBe(errR);
    expect(tapError(errR, (e, c) => seen.push([e, c]))).toBe(errR);
    expect(tapError(okR, (e) => seen.push(e))).toBe(okR);
    expect(seen).toEqual([2, ["E", "c"]]);
  });
});

describe("mapTry", () => {
  it("maps the value and catches a throwing transform", () => {
    expect(
      mapTry(
        okR,
        (n) => n + 1,
        () => "F",
      ),
    ).toStrictEqual({ ok: true, value: 3 });
    const boom = new Error("boom");
    expect(
      mapTry(
        okR,
        () => {
          throw boom;
        },
        () => "F",
      ),
    ).toStrictEqual({ ok: false, error: "F", cause: boom });
    expect(
      mapTry(
        errR,
        (n) => n,
        () => "F",
      ),
    ).toBe(errR);
  });

  it("lets a throwing onError propagate", () => {
    expect(() =>
      mapTry(
        okR,
        () => {
          throw 1;
        },
        () => {
          throw new Error("onError");
        },
      ),
    ).toThrow("onError");
  });
});

describe("mapErrorTry", () => {
  it("maps the error keeping the cause, or replaces it with the thrown value", () => {
    expect(
      mapErrorTry(
        errR,
        (e) => `${e}!`,
        () => "G",
      ),
    ).toStrictEqual({ ok: false, error: "E!", cause: "c" });
    expect(
      mapErrorTry(
        errR,
        () => {
          throw "x";
        },
        () => "G",
      ),
    ).toStrictEqual({ ok: false, error: "G", cause: "x" });
    expect(
      mapErrorTry(
        okR,
        (e) => e,
        () => "G",
      ),
    ).toBe(okR);
  });
});

describe("bimap", () => {
  it("maps both branches and keeps the cause", () => {
    expect(
      bimap(
        okR,
        (n) => n * 10,
        (e) => e.toLowerCase(),
      ),
    ).toStrictEqual({ ok: true, value: 20 });
    expect(
      bimap(
        errR,
        (n) => n * 10,
        (e) => e.toLowerCase(),
      ),
    ).toStrictEqual({ ok: false, error: "e", cause: "c" });
  });
});

describe("orElse / orElseAsync", () => {
  it("replaces an Err with the handler's Result and keeps an Ok", async () => {
    expect(orElse(okR, () => ok(0))).toBe(okR);
    expect(orElse(errR, (e, c) => ok(`${e}${c}`.length))).toStrictEqual({ ok: true, value: 2 });
    expect(await orElseAsync(Promise.resolve(okR), async () => ok(0))).toBe(okR);
    expect(await orElseAsync(errR, async (e) => err(`${e}2`))).toStrictEqual({
      ok: false,
      error: "E2",
    });
  });
});

describe("recover / recoverAsync", () => {
  it("always returns a new Ok", async () => {
    const r = recover(okR, () => 0);
    expect(r).toStrictEqual({ ok: true, value: 2 });
    expect(r).not.toBe(okR);
    expect(recover(errR, (e, c) => `${e}${c}`.length)).toStrictEqual({ ok: true, value: 2 });
    expect(await recoverAsync(Promise.resolve(errR), async () => 7)).toStrictEqual({
      ok: true,
      value: 7,
    });
    expect(await recoverAsync(okR, () => 7)).toStrictEqual({ ok: true, value: 2 });
  });
});
