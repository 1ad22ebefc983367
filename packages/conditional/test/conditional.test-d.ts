import { describe, expectTypeOf, it } from "vitest";
import { createWorkflow, ok, type AsyncResult, type WorkflowContext } from "@awaitly/core";
import {
  createConditionalHelpers,
  unless,
  unlessOr,
  when,
  whenOr,
  type ConditionalContext,
  type ConditionalOptions,
} from "@awaitly/conditional";

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> => ok({ id });

describe("conditional helper types", () => {
  it("declares Promise results through the first overload, sync or async", () => {
    expectTypeOf(when(true, () => 5)).toEqualTypeOf<Promise<number | undefined>>();
    expectTypeOf(when(true, async () => 5)).toEqualTypeOf<Promise<number | undefined>>();
    expectTypeOf(unless(true, () => "s")).toEqualTypeOf<Promise<string | undefined>>();
    expectTypeOf(whenOr(true, () => 5, "d" as const)).toEqualTypeOf<Promise<number | "d">>();
    expectTypeOf(unlessOr(true, async () => 5, null)).toEqualTypeOf<Promise<number | null>>();
  });

  it("accepts options and a ctx, and rejects unknown option keys", () => {
    const options: ConditionalOptions = { name: "n", key: "k", reason: "r" };
    void when(false, () => 1, options, { workflowId: "w", onEvent: (e) => e.type, context: 1 });
    // @ts-expect-error `label` is not a conditional option
    void when(false, () => 1, { label: "x" });
    // @ts-expect-error the condition must be a boolean
    void when("yes", () => 1);
  });

  it("types the event context from ctx", () => {
    const ctx: ConditionalContext<{ tenant: string }> = {
      workflowId: "w",
      onEvent: (event) => {
        expectTypeOf(event.context).toEqualTypeOf<{ tenant: string } | undefined>();
      },
    };
    expectTypeOf(ctx.workflowId).toBeString();
  });
});

describe("createConditionalHelpers types", () => {
  it("accepts a createWorkflow ctx directly and keeps its context type", async () => {
    const workflow = createWorkflow({ fetchUser }, { createContext: () => ({ requestId: "r" }) });
    await workflow(async (step, deps, ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<WorkflowContext<{ requestId: string }>>();
      const h = createConditionalHelpers(ctx);
      const user = await h.when(true, () => step(() => deps.fetchUser("1")));
      expectTypeOf(user).toEqualTypeOf<{ id: string } | undefined>();
      const name = await h.whenOr(false, () => "n", 0);
      expectTypeOf(name).toEqualTypeOf<string | number>();
      return user;
    });
  });

  it("returns the four bound helpers with the documented signatures", () => {
    const h = createConditionalHelpers({ workflowId: "w" });
    expectTypeOf(h.when(true, () => 1)).toEqualTypeOf<
      number | undefined | Promise<number | undefined>
    >();
    const fallback: string = "d";
    expectTypeOf(h.unlessOr(true, () => 1, fallback)).toEqualTypeOf<
      number | string | Promise<number | string>
    >();
    // @ts-expect-error a bound helper takes no ctx argument
    void h.when(true, () => 1, {}, { workflowId: "w" });
    // @ts-expect-error ctx needs a workflowId
    createConditionalHelpers({});
  });
});
