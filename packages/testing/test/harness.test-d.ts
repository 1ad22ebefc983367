import { describe, expectTypeOf, it } from "vitest";
import { ok, type AnyResultFn, type AsyncResult, type Result, type RunStep } from "@awaitly/core";
import {
  createMockFn,
  createTestClock,
  createWorkflowHarness,
  errOutcome,
  okOutcome,
  throwOutcome,
  type MockFunction,
  type MockStep,
  type ScriptedOutcome,
  type WorkflowHarness,
} from "@awaitly/testing";

const load = async (): AsyncResult<number, "NOT_FOUND"> => ok(1);
const save = (): Result<void, { kind: "CONFLICT" }> => ok(undefined);
const other = async (): AsyncResult<number, "OTHER"> => ok(1);

describe("createWorkflowHarness", () => {
  it("types the mock step with the deps' error union", async () => {
    const harness = createWorkflowHarness({ load, save });
    expectTypeOf(harness).toEqualTypeOf<
      WorkflowHarness<"NOT_FOUND" | { kind: "CONFLICT" }, { load: typeof load; save: typeof save }>
    >();
    const result = await harness.run(async (step, deps) => {
      expectTypeOf(step).toEqualTypeOf<MockStep<"NOT_FOUND" | { kind: "CONFLICT" }>>();
      // @ts-expect-error "OTHER" is not an error of any dependency
      await step(() => other());
      // @ts-expect-error step.try errors must belong to the deps union
      await step.try(() => 1, { error: "NOPE" });
      const n = await step(() => deps.load());
      expectTypeOf(n).toEqualTypeOf<number>();
      return String(n);
    });
    expectTypeOf(result).toEqualTypeOf<Result<string, unknown>>();
  });

  it("accepts a body written for core's step, so one body serves both", () => {
    expectTypeOf<RunStep<"NOT_FOUND">>().toExtend<MockStep<"NOT_FOUND">>();
  });

  it("types runWithInput's input", async () => {
    const harness = createWorkflowHarness({ load });
    await harness.runWithInput({ id: 1 }, async (_step, _deps, input) => {
      expectTypeOf(input).toEqualTypeOf<{ id: number }>();
    });
  });
});

describe("createMockFn", () => {
  it("is a Result-returning dependency whose error joins the union", () => {
    const mock = createMockFn<string, "MISSING">();
    expectTypeOf(mock).toExtend<AnyResultFn>();
    expectTypeOf(mock()).toEqualTypeOf<AsyncResult<string, "MISSING">>();
    expectTypeOf(mock.returns(ok("x"))).toEqualTypeOf<MockFunction<string, "MISSING">>();
    // @ts-expect-error a number is not the mock's value type
    mock.returns(ok(1));
    const harness = createWorkflowHarness({ mock, load });
    void harness.run(async (step) => {
      expectTypeOf(step).toEqualTypeOf<MockStep<"MISSING" | "NOT_FOUND">>();
    });
  });
});

describe("outcome helpers and clock", () => {
  it("type outcomes narrowly", () => {
    expectTypeOf(okOutcome(1)).toEqualTypeOf<ScriptedOutcome<number, never>>();
    expectTypeOf(errOutcome("E" as const)).toEqualTypeOf<ScriptedOutcome<never, "E">>();
    expectTypeOf(throwOutcome(new Error())).toEqualTypeOf<ScriptedOutcome<never, never>>();
    expectTypeOf(createTestClock().now).toEqualTypeOf<() => number>();
  });
});
