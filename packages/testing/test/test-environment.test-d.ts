import { defineWorkflow, type WorkflowRun } from "@awaitly/bullmq";
import { err, type AsyncResult, type Result, type UnexpectedError } from "@awaitly/core";
import {
  createTestEnvironment,
  type RunCancelledError,
  type RunNotFoundError,
  type RunTimeoutError,
  type TestEnvironment,
  type TestWorkflowRun,
} from "@awaitly/testing";
import { describe, expectTypeOf, it } from "vitest";

type Order = { id: string; amount: number };
declare const charge: (amount: number) => AsyncResult<string, { type: "DECLINED" }>;

const orders = defineWorkflow({
  name: "orders",
  deps: { charge },
  body: async (step, deps, order: Order, run) => {
    if (order.amount > 1000) return err({ type: "TOO_BIG" as const });
    await run.sleep("cool-off", 1000);
    const answer = await run.waitForSignal<{ by: string }>("approved", { until: 1 });
    const id = await step(() => deps.charge(order.amount), { key: "charge" });
    return { id, approved: answer.received };
  },
});

describe("createTestEnvironment", () => {
  it("infers a bullmq definition's input, value and error union", () => {
    const env = createTestEnvironment(orders);
    expectTypeOf(env).toEqualTypeOf<
      TestEnvironment<
        Order,
        { id: string; approved: boolean },
        { type: "DECLINED" } | { type: "TOO_BIG" }
      >
    >();
    expectTypeOf(env.result("o-1")).resolves.toEqualTypeOf<
      Result<
        { id: string; approved: boolean },
        | { type: "DECLINED" }
        | { type: "TOO_BIG" }
        | UnexpectedError
        | RunNotFoundError
        | RunTimeoutError
        | RunCancelledError
      >
    >();
    // @ts-expect-error the input is an Order
    void env.start({ id: "1" });
  });

  it("takes the worker's run where the environment's is expected (the body's 4th argument)", () => {
    expectTypeOf<WorkflowRun>().toExtend<TestWorkflowRun>();
  });

  it("types retryOn with the run's error union", () => {
    createTestEnvironment(orders, {
      retryOn: (error) => {
        expectTypeOf(error).toEqualTypeOf<{ type: "DECLINED" } | { type: "TOO_BIG" }>();
        return error.type === "DECLINED";
      },
    });
  });

  it("types a signal's payload by its schema", () => {
    const env = createTestEnvironment(orders);
    const byName = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: (value: unknown) => ({ value: value as { by: string } }),
        types: { input: { by: "" }, output: { by: "" } },
      },
    };
    void env.signal("o-1", "approved", { by: "ana" }, { schema: byName });
    // @ts-expect-error the schema takes { by: string }
    void env.signal("o-1", "approved", { who: "ana" }, { schema: byName });
  });
});
