import { describe, expectTypeOf, it } from "vitest";
import {
  allAsync,
  allSettledAsync,
  err,
  ok,
  run,
  type AsyncResult,
  type RunStep,
  type UnexpectedError,
} from "@awaitly/core";

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> =>
  id ? ok({ id }) : err("NOT_FOUND");
const charge = async (n: number): AsyncResult<number, "DECLINED"> => (n ? ok(n) : err("DECLINED"));

describe("run types", () => {
  it("yields UnexpectedError only without onError/catchUnexpected", async () => {
    const result = await run(async (step) => (await step(() => fetchUser("1"))).id);
    expectTypeOf(result).toEqualTypeOf<
      { ok: true; value: string } | { ok: false; error: UnexpectedError; cause?: unknown }
    >();
  });

  it("run.strict yields exactly the declared union", async () => {
    const result = await run.strict<number, "NOT_FOUND" | "DECLINED" | "UNEXPECTED">(
      async (step) => {
        const user = await step(() => fetchUser("1"));
        return step(() => charge(user.id.length));
      },
      { catchUnexpected: () => "UNEXPECTED" as const },
    );
    if (!result.ok) {
      expectTypeOf(result.error).toEqualTypeOf<"NOT_FOUND" | "DECLINED" | "UNEXPECTED">();
    } else {
      expectTypeOf(result.value).toEqualTypeOf<number>();
    }
  });

  it("refuses a step whose error is outside the declared union", () => {
    void run.strict<number, "NOT_FOUND">(
      async (step) => {
        // @ts-expect-error "DECLINED" is not part of the declared error union
        return step(() => charge(1));
      },
      { catchUnexpected: () => "NOT_FOUND" as const },
    );
  });

  it("requires catchUnexpected for run.strict", () => {
    // @ts-expect-error run.strict needs catchUnexpected to map exceptions into E
    void run.strict<number, "X">(async () => 1, {});
  });

  it("keeps each key's value type in the named parallel form", async () => {
    await run(async (step: RunStep) => {
      const both = await step.parallel({ user: () => fetchUser("1"), amount: () => charge(2) });
      expectTypeOf(both).toEqualTypeOf<{ user: { id: string }; amount: number }>();
    });
  });

  it("keeps literal errors of step.try", async () => {
    const result = await run<number, "PARSE">(
      async (step) => step.try(() => 1, { error: "PARSE" }),
      { onError: () => {} },
    );
    if (!result.ok) expectTypeOf(result.error).toEqualTypeOf<"PARSE" | UnexpectedError>();
  });
});

describe("scope helper types", () => {
  it("accepts the tuples of allAsync/allSettledAsync in the array forms", async () => {
    await run(async (step: RunStep) => {
      const pair = await step.parallel("pair", () => allAsync([fetchUser("1"), charge(1)]));
      expectTypeOf(pair).toEqualTypeOf<readonly [{ id: string }, number]>();
      const settled = await step.allSettled("both", () => allSettledAsync([charge(1)]));
      expectTypeOf(settled).toEqualTypeOf<readonly [number]>();
    });
  });
});
