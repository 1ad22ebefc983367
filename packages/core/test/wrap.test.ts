import { describe, expect, it } from "vitest";
import { from, fromNullable, fromPromise, tryAsync } from "@awaitly/core";

describe("from", () => {
  it("wraps a returned value", () => {
    expect(from(() => 5)).toStrictEqual({ ok: true, value: 5 });
  });

  it("makes a thrown value the error, with no cause, when there is no mapper", () => {
    const boom = new Error("boom");
    const r = from(() => {
      throw boom;
    });
    expect(r).toStrictEqual({ ok: false, error: boom });
    expect("cause" in r).toBe(false);
  });

  it("maps a thrown value and keeps it as cause", () => {
    const boom = new Error("boom");
    const r = from(
      () => {
        throw boom;
      },
      () => "PARSE" as const,
    );
    expect(r).toStrictEqual({ ok: false, error: "PARSE", cause: boom });
  });

  it("omits the cause when undefined was thrown", () => {
    const r = from(
      () => {
        throw undefined;
      },
      () => "E",
    );
    expect(Object.keys(r)).toEqual(["ok", "error"]);
  });

  it("lets a throwing mapper propagate", () => {
    expect(() =>
      from(
        () => {
          throw 1;
        },
        () => {
          throw new Error("mapper");
        },
      ),
    ).toThrow("mapper");
  });
});

describe("fromPromise", () => {
  it("resolves to Ok or Err", async () => {
    expect(await fromPromise(Promise.resolve(1))).toStrictEqual({ ok: true, value: 1 });
    expect(await fromPromise(Promise.reject("x"))).toStrictEqual({ ok: false, error: "x" });
    expect(await fromPromise(Promise.reject("x"), (c) => ({ wrapped: c }))).toStrictEqual({
      ok: false,
      error: { wrapped: "x" },
      cause: "x",
    });
  });

  it("rejects when the mapper throws", async () => {
    await expect(
      fromPromise(Promise.reject(1), () => {
        throw new Error("mapper");
      }),
    ).rejects.toThrow("mapper");
  });
});

describe("tryAsync", () => {
  it("catches synchronous throws as well as rejections", async () => {
    const r = await tryAsync(() => {
      throw new Error("sync");
    });
    expect(r.ok).toBe(false);
    expect(await tryAsync(async () => 2)).toStrictEqual({ ok: true, value: 2 });
    expect(
      await tryAsync(
        () => Promise.reject("r"),
        () => "MAPPED",
      ),
    ).toStrictEqual({
      ok: false,
      error: "MAPPED",
      cause: "r",
    });
  });
});

describe("fromNullable", () => {
  it("treats only null and undefined as missing", () => {
    for (const v of [0, "", false, Number.NaN])
      expect(fromNullable(v, () => "MISSING").ok).toBe(true);
    expect(fromNullable(null, () => "MISSING")).toStrictEqual({ ok: false, error: "MISSING" });
    expect(fromNullable(undefined, () => "MISSING")).toStrictEqual({ ok: false, error: "MISSING" });
  });

  it("calls onNull only when needed", () => {
    let calls = 0;
    fromNullable(1, () => calls++);
    expect(calls).toBe(0);
  });
});
