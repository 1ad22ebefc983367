import { ok, err, type AsyncResult, type Result, type UnexpectedError } from "@awaitly/core";
import {
  createWorkflowQueue,
  createWorkflowWorker,
  type Enqueued,
  type RunConflictError,
  type RunError,
  type RunCheckpointer,
} from "@awaitly/bullmq";
import type { Redis } from "ioredis";
import { describe, expectTypeOf, it } from "vitest";

declare const connection: Redis;
declare const checkpointer: RunCheckpointer;
type Declined = { type: "DECLINED" };
type OutOfStock = { type: "OUT_OF_STOCK" };
const charge = async (n: number): AsyncResult<string, Declined> =>
  n > 0 ? ok("r") : err({ type: "DECLINED" });
const reserve = async (n: number): AsyncResult<number, OutOfStock> => ok(n);

describe("createWorkflowQueue", () => {
  it("types enqueue and result from the queue's parameters", () => {
    const queue = createWorkflowQueue<{ amount: number }, string, Declined>("orders", {
      connection,
    });
    expectTypeOf(queue.enqueue({ amount: 1 })).toEqualTypeOf<
      AsyncResult<Enqueued, RunConflictError>
    >();
    expectTypeOf(queue.result("id")).toEqualTypeOf<
      AsyncResult<string, Declined | UnexpectedError | RunError>
    >();
    // @ts-expect-error the input must match the queue's input type
    void queue.enqueue({ amount: "1" });
  });
});

describe("createWorkflowWorker", () => {
  it("infers the step error union from deps", () => {
    createWorkflowWorker("orders", {
      connection,
      checkpointer,
      deps: { charge, reserve },
      workflow: async (step, deps, input: { amount: number }, run) => {
        expectTypeOf(run.idempotencyKey("charge")).toEqualTypeOf<string>();
        expectTypeOf(run.signal).toEqualTypeOf<AbortSignal>();
        const reserved = await step(() => deps.reserve(input.amount), { key: "reserve" });
        expectTypeOf(reserved).toEqualTypeOf<number>();
        // @ts-expect-error a step's error must belong to the deps' union
        await step((): Result<number, { type: "OTHER" }> => err({ type: "OTHER" }));
        return step(() => deps.charge(reserved), { key: "charge" });
      },
    });
  });
});
