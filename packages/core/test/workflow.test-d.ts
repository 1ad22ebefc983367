import { describe, expectTypeOf, it } from "vitest";
import {
  createWorkflow,
  err,
  ok,
  type AsyncResult,
  type ErrorsOfDeps,
  type UnexpectedError,
} from "@awaitly/core";

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> =>
  id ? ok({ id }) : err("NOT_FOUND");
const charge = async (n: number): AsyncResult<number, "DECLINED" | "INSUFFICIENT"> =>
  n ? ok(n) : err("DECLINED");
const audit = async (): AsyncResult<void, { type: "AUDIT_FAILED" }> => ok(undefined);

describe("createWorkflow types", () => {
  it("infers the error union from the deps plus UnexpectedError", async () => {
    const workflow = createWorkflow({ fetchUser, charge });
    const result = await workflow(async (step, deps) => {
      const user = await step(() => deps.fetchUser("1"));
      return step(() => deps.charge(user.id.length));
    });
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<number>();
    else
      expectTypeOf(result.error).toEqualTypeOf<
        "NOT_FOUND" | "DECLINED" | "INSUFFICIENT" | UnexpectedError
      >();
    expectTypeOf<
      ErrorsOfDeps<{ fetchUser: typeof fetchUser; audit: typeof audit }>
    >().toEqualTypeOf<"NOT_FOUND" | { type: "AUDIT_FAILED" }>();
  });

  it("replaces UnexpectedError by the catchUnexpected type in strict mode", async () => {
    const workflow = createWorkflow(
      { fetchUser },
      { strict: true, catchUnexpected: () => ({ type: "UNEXPECTED" as const }) },
    );
    const result = await workflow(async (step, { fetchUser }) => step(() => fetchUser("1")));
    if (!result.ok)
      expectTypeOf(result.error).toEqualTypeOf<"NOT_FOUND" | { type: "UNEXPECTED" }>();
  });

  it("refuses a step whose error does not come from a dependency", () => {
    const workflow = createWorkflow({ fetchUser });
    void workflow(async (step) => {
      // @ts-expect-error "DECLINED" is not an error of any dependency
      await step(() => charge(1));
    });
  });

  it("does not accept catchUnexpected without strict: true", () => {
    // @ts-expect-error catchUnexpected only exists on strict workflows
    createWorkflow({ fetchUser }, { catchUnexpected: () => "U" as const });
  });

  it("types ctx.context from createContext", () => {
    const workflow = createWorkflow({ fetchUser }, { createContext: () => ({ requestId: "r" }) });
    void workflow(async (_step, _deps, ctx) => {
      expectTypeOf(ctx.context).toEqualTypeOf<{ requestId: string } | undefined>();
    });
    void workflow({ id: 1 }, async (_step, _deps, args, ctx) => {
      expectTypeOf(args).toEqualTypeOf<{ id: number }>();
      expectTypeOf(ctx.workflowId).toEqualTypeOf<string>();
    });
  });
});
